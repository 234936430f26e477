namespace Aurae.Images.IO;

/// <summary>
/// Writes a file sequentially from its current position and seeks over every all-zero block
/// instead of writing it, so a mostly empty disk image (a 1 GiB EFI partition holding 20 MB) costs
/// only its data: the skipped blocks stay holes, which read back as zeros. The file is extended to
/// the end of what was written on dispose. Only for a region never written before (past the end of
/// the file, or a hole made by SetLength): skipped blocks are not cleared.
/// </summary>
public sealed class SparseWriteStream : Stream
{
    /// <summary>The granularity of holes: the page and file-system block size of every Linux file system we write to.</summary>
    public const int BlockSize = 4096;

    private readonly FileStream _file;
    private readonly bool _leaveOpen;
    private readonly long _start;
    private long _position;

    /// <param name="file">A writable, seekable file, positioned where writing starts; nothing from there on was written before.</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="file"/> open.</param>
    public SparseWriteStream(FileStream file, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.CanWrite || !file.CanSeek)
            throw new ArgumentException("A sparse file is written through a writable, seekable file stream.", nameof(file));
        _file = file;
        _leaveOpen = leaveOpen;
        _start = _position = file.Position;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;

    /// <summary>Bytes written through this stream.</summary>
    public override long Length => _position - _start;

    public override long Position
    {
        get => _position - _start;
        set => throw new NotSupportedException("A sparse file is written in order.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            // Up to the next block boundary of the file, so that whole blocks are judged, whatever the caller's chunking.
            var length = (int)Math.Min(buffer.Length, BlockSize - _position % BlockSize);
            var piece = buffer[..length];
            if (piece.ContainsAnyExcept((byte)0))
            {
                if (_file.Position != _position)
                    _file.Position = _position;
                _file.Write(piece);
            }
            _position += length;
            buffer = buffer[length..];
        }
    }

    public override void Flush() => _file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Trailing holes: the length says where the file ends.
            if (_file.Length < _position)
                _file.SetLength(_position);
            if (!_leaveOpen)
                _file.Dispose();
        }
        base.Dispose(disposing);
    }
}
