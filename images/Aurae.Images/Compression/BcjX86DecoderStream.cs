namespace Aurae.Images.Compression;

/// <summary>Applies <see cref="BcjX86Decoder"/> to what an inner stream (the LZMA2 output) produces.</summary>
internal sealed class BcjX86DecoderStream : ReadOnlyDecoderStream
{
    private const int BufferLength = 1 << 16;

    private readonly Stream _inner;
    private readonly BcjX86Decoder _decoder;
    private readonly byte[] _buffer = new byte[BufferLength];
    private int _filled;
    private int _final;
    private int _consumed;
    private bool _innerEnded;

    public BcjX86DecoderStream(Stream inner, uint startOffset)
    {
        _inner = inner;
        _decoder = new BcjX86Decoder(startOffset);
    }

    public override int Read(Span<byte> buffer)
    {
        while (_consumed == _final)
        {
            if (_innerEnded && _final == _filled)
            {
                return 0;
            }

            Refill();
        }

        int count = Math.Min(buffer.Length, _final - _consumed);
        _buffer.AsSpan(_consumed, count).CopyTo(buffer);
        _consumed += count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Refill()
    {
        // Keep the undecided tail (fewer than 5 bytes) at the front, then top up from the inner stream.
        int pending = _filled - _final;
        _buffer.AsSpan(_final, pending).CopyTo(_buffer);
        _filled = pending;
        _final = _consumed = 0;
        while (!_innerEnded && _filled < _buffer.Length)
        {
            int read = _inner.Read(_buffer, _filled, _buffer.Length - _filled);
            if (read == 0)
            {
                _innerEnded = true;
            }

            _filled += read;
            if (read > 0 && _filled >= _buffer.Length / 2)
            {
                break;
            }
        }

        _final = _decoder.Decode(_buffer.AsSpan(0, _filled));
        if (_innerEnded)
        {
            // At the end of the data the undecided tail is final as it is.
            _final = _filled;
        }
    }
}
