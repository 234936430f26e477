using Aurae.Daemon.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>
/// A layer's decompressor, read through so that its complaints (bad data, a stream cut short)
/// become the image's refusal naming the layer: the tar reader beneath would report them as a
/// bad tar, and they are not.
/// </summary>
internal sealed class DecompressedLayerStream(Stream decompressor, string where, string compression) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return decompressor.Read(buffer);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw ImageException.Invalid(where, $"corrupt or truncated {compression} data: {e.Message}");
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            decompressor.Dispose();
        base.Dispose(disposing);
    }
}
