using Microsoft.Win32.SafeHandles;

namespace Aurae.Daemon.Oci;

/// <summary>
/// One member's bytes of a tar archive on disk, read with positioned reads: members are read
/// one after another or side by side without sharing a file position.
/// </summary>
internal sealed class ArchiveMemberStream(SafeFileHandle file, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
            return 0;
        var read = RandomAccess.Read(file, buffer[..wanted], start + _position);
        if (read == 0)
            throw new EndOfStreamException("the archive ends inside a member");
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
            return 0;
        var read = await RandomAccess.ReadAsync(file, buffer[..wanted], start + _position, cancellationToken);
        if (read == 0)
            throw new EndOfStreamException("the archive ends inside a member");
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
