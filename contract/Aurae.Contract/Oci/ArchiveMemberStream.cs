using Microsoft.Win32.SafeHandles;

namespace Aurae.Contract.Oci;

/// <summary>
/// One member's bytes of a tar archive on disk, read with positioned reads: members are read
/// one after another or side by side without sharing a file position.
/// </summary>
internal sealed class ArchiveMemberStream(SafeFileHandle file, long start, long length) : ReadOnlyStream
{
    private long _position;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

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
}
