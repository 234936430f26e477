using Aurae.Contract.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>
/// A layer's decompressor, read through so that its complaints (bad data, a stream cut short)
/// become the image's refusal naming the layer: the tar reader beneath would report them as a
/// bad tar, and they are not.
/// </summary>
internal sealed class DecompressedLayerStream(Stream decompressor, string where, string compression) : ReadOnlyStream
{
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            decompressor.Dispose();
        base.Dispose(disposing);
    }
}
