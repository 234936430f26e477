namespace Aurae.Images.Ar;

/// <summary>
/// A read-only, forward-only window of <c>length</c> bytes over an archive stream, starting at the
/// archive stream's current position. Reaching the end of the archive before the window's end is
/// reported through <c>truncated</c> (which receives the number of bytes that were available).
/// </summary>
internal sealed class ArMemberStream(Stream archive, long length, Func<long, Exception> truncated) : Stream
{
    private long _consumed;

    public long Remaining => length - _consumed;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _consumed;
        set => throw new NotSupportedException("An ar member stream is forward-only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Remaining == 0 || buffer.IsEmpty)
            return 0;
        var wanted = (int)Math.Min(buffer.Length, Remaining);
        var read = archive.Read(buffer[..wanted]);
        if (read == 0)
            throw truncated(_consumed);
        _consumed += read;
        return read;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    /// <summary>Moves past the rest of the window, seeking when the archive stream allows it.</summary>
    public void SkipRest()
    {
        if (Remaining == 0)
            return;
        if (archive.CanSeek)
        {
            var available = Math.Max(0, archive.Length - archive.Position);
            if (available < Remaining)
                throw truncated(_consumed + available);
            archive.Seek(Remaining, SeekOrigin.Current);
            _consumed = length;
            return;
        }

        var scratch = new byte[Math.Min(Remaining, 81920)];
        while (Remaining > 0)
            _ = Read(scratch, 0, (int)Math.Min(scratch.Length, Remaining));
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An ar member stream is forward-only.");
    public override void SetLength(long value) => throw new NotSupportedException("An ar member stream is read-only.");
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An ar member stream is read-only.");
}
