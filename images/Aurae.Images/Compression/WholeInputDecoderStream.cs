namespace Aurae.Images.Compression;

/// <summary>
/// Gives a decoder that needs all of its input in memory (xz, LZ4 legacy) a stream to read from: the
/// source is read to its end on the first Read, not on construction, so that a truncated or unreadable
/// source fails where the caller reads (and reports read failures), like the streaming decoders.
/// </summary>
internal sealed class WholeInputDecoderStream(Stream source, Func<ReadOnlyMemory<byte>, Stream> openDecoder) : ReadOnlyDecoderStream
{
    private Stream? _decoder;

    public override int Read(Span<byte> buffer)
    {
        if (_decoder is null)
        {
            var input = new MemoryStream();
            source.CopyTo(input);
            _decoder = openDecoder(input.GetBuffer().AsMemory(0, (int)input.Length));
        }

        return _decoder.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder?.Dispose();
        }

        base.Dispose(disposing);
    }
}
