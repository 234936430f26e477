using System.Security.Cryptography;

namespace Aurae.Contract.Oci;

/// <summary>
/// Reads through to another stream and hashes every byte read (SHA-256), so a blob is verified
/// in the same pass that uses it. <see cref="Finish"/> reads what is left, then gives the digest.
/// Disposing it disposes the inner stream unless told to leave it open.
/// </summary>
public sealed class HashingReadStream(Stream inner, bool leaveOpen) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes read so far.</summary>
    public long Count { get; private set; }

    public override long Position
    {
        get => Count;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _hash.AppendData(buffer[..read]);
        Count += read;
        return read;
    }

    /// <summary>Reads the stream to its end and returns the digest of everything it held.</summary>
    public Digest Finish()
    {
        var buffer = new byte[81920];
        while (Read(buffer) > 0)
        {
        }
        return Digest.FromHash(_hash.GetHashAndReset());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen)
                inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
