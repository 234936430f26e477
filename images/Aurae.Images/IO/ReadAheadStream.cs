namespace Aurae.Images.IO;

/// <summary>
/// A forward-only read buffer in front of a stream that may not seek. Unlike
/// <see cref="BufferedStream"/> it reports <see cref="Position"/> (bytes handed out so far) for
/// unseekable sources, which SharpCompress's xz decoder asks for. Does not dispose the source.
/// </summary>
internal sealed class ReadAheadStream(Stream source, int bufferSize) : Stream
{
    private readonly byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException("A read-ahead stream has no length.");

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("A read-ahead stream is forward-only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_start == _end)
        {
            // Large reads bypass the buffer.
            if (buffer.Length >= _buffer.Length)
                return Count(source.Read(buffer));
            _start = 0;
            _end = source.Read(_buffer);
            if (_end == 0)
                return 0;
        }
        var copied = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, copied).CopyTo(buffer);
        _start += copied;
        return Count(copied);
    }

    public override int ReadByte()
    {
        if (_start == _end)
        {
            _start = 0;
            _end = source.Read(_buffer);
            if (_end == 0)
                return -1;
        }
        _position++;
        return _buffer[_start++];
    }

    private int Count(int read)
    {
        _position += read;
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A read-ahead stream is forward-only.");
    public override void SetLength(long value) => throw new NotSupportedException("A read-ahead stream is read-only.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A read-ahead stream is read-only.");
}
