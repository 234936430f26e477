namespace Aurae.Images.IO;

/// <summary>
/// Writes runs of zero bytes, the padding every format puts between its structures: to a sector
/// (ISO, FAT, VMDK), a file alignment (PE), a 4-byte or block boundary (cpio). One shared buffer of
/// zeros serves them all, so no writer allocates or clears its own.
/// </summary>
public static class ZeroFill
{
    /// <summary>Bytes written per call; large enough that a long run costs few writes.</summary>
    private const int ChunkLength = 64 * 1024;

    // Shared and never written to.
    private static readonly byte[] Zeros = new byte[ChunkLength];

    /// <summary>The zero bytes that take <paramref name="position"/> to the next multiple of <paramref name="alignment"/> (0 if it is one).</summary>
    public static long PaddingFor(long position, long alignment) => (alignment - (position % alignment)) % alignment;

    /// <summary>Writes <paramref name="count"/> zero bytes to <paramref name="output"/>; nothing when it is 0 or less.</summary>
    public static void Write(Stream output, long count)
    {
        while (count > 0)
        {
            int chunk = (int)Math.Min(count, Zeros.Length);
            output.Write(Zeros, 0, chunk);
            count -= chunk;
        }
    }

    /// <summary>Writes <paramref name="count"/> zero bytes to <paramref name="output"/>; nothing when it is 0 or less.</summary>
    public static async ValueTask WriteAsync(Stream output, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            int chunk = (int)Math.Min(count, Zeros.Length);
            await output.WriteAsync(Zeros.AsMemory(0, chunk), cancellationToken).ConfigureAwait(false);
            count -= chunk;
        }
    }
}
