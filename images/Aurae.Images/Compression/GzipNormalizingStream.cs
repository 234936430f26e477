namespace Aurae.Images.Compression;

/// <summary>
/// Sits between <see cref="System.IO.Compression.GZipStream"/> and the output to make gzip output the same
/// on every platform and valid for every input:
/// <list type="bullet">
/// <item>sets the header's OS byte (RFC 1952 section 2.3, offset 9) to 3 = Unix; zlib fills in the platform it
/// was built for, so the same image built on Windows and Linux would otherwise differ in that byte. The header
/// has no checksum (GZipStream sets no FHCRC flag), so rewriting it is safe;</item>
/// <item>writes an empty gzip member if GZipStream wrote nothing, which it does when given no data: an empty
/// output is not a gzip file and the kernel would reject it.</item>
/// </list>
/// </summary>
internal sealed class GzipNormalizingStream(Stream inner, bool leaveOpen) : ForwardingWriteStream(inner, leaveOpen)
{
    private const int OsByteOffset = 9;
    private const byte OsUnix = 3;

    /// <summary>
    /// Header (magic, CM=deflate, no flags, MTIME 0, XFL 2 as GZipStream writes at SmallestSize, OS Unix),
    /// an empty final fixed-Huffman deflate block, CRC32 0 and ISIZE 0.
    /// </summary>
    private static readonly byte[] EmptyMember =
    [
        0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, OsUnix,
        0x03, 0x00,
        0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00,
    ];

    private bool _finished;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long offsetInBuffer = OsByteOffset - WrittenBytes;
        if (offsetInBuffer < 0 || offsetInBuffer >= buffer.Length)
        {
            base.Write(buffer);
            return;
        }

        // Only the chunk holding the header is copied; the header is written once.
        byte[] copy = buffer.ToArray();
        copy[offsetInBuffer] = OsUnix;
        base.Write(copy);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        long offsetInBuffer = OsByteOffset - WrittenBytes;
        if (offsetInBuffer < 0 || offsetInBuffer >= buffer.Length)
        {
            return base.WriteAsync(buffer, cancellationToken);
        }

        byte[] copy = buffer.ToArray();
        copy[offsetInBuffer] = OsUnix;
        return base.WriteAsync(copy, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_finished)
        {
            _finished = true;
            if (WrittenBytes == 0)
            {
                Write(EmptyMember);
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            _finished = true;
            if (WrittenBytes == 0)
            {
                await WriteAsync(EmptyMember).ConfigureAwait(false);
            }
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}
