using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Aurae.Images.Compression;

/// <summary>
/// Decodes one LZ4 block (LZ4 Block Format Description, lz4_Block_format.md): a series of sequences,
/// each a token, literals, a 2-byte little-endian offset and a match; the last sequence has only literals.
/// </summary>
internal static class Lz4BlockDecoder
{
    /// <summary>"minmatch": the match length in a token is stored minus this (section "Token").</summary>
    private const int MinimumMatchLength = 4;

    /// <summary>A 4-bit length field of 15 is followed by extra length bytes (section "Token").</summary>
    private const int LengthFieldMaximum = 15;

    /// <summary>Extra length bytes continue while a byte is 255 (section "Token").</summary>
    private const byte LengthContinuation = 255;

    /// <summary>
    /// Decodes the whole of <paramref name="source"/> into <paramref name="destination"/> and returns
    /// the number of bytes produced. Throws <see cref="InvalidDataException"/> for malformed or
    /// truncated input, a zero or too-distant offset, or output beyond <paramref name="destination"/>.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int input = 0;
        int output = 0;
        while (true)
        {
            if (input >= source.Length)
            {
                throw new InvalidDataException("LZ4 block ends where a sequence token was expected.");
            }

            byte token = source[input++];
            int literalLength = token >> 4;
            if (literalLength == LengthFieldMaximum)
            {
                literalLength += ReadLengthExtension(source, ref input);
            }

            if (literalLength > source.Length - input)
            {
                throw new InvalidDataException($"LZ4 literal run of {literalLength} bytes passes the end of the block.");
            }

            if (literalLength > destination.Length - output)
            {
                throw new InvalidDataException($"LZ4 block decodes to more than {destination.Length} bytes.");
            }

            if (literalLength <= ShortCopy && source.Length - input >= ShortCopy && destination.Length - output >= ShortCopy)
                CopyShort(source, input, destination, output);
            else
                source.Slice(input, literalLength).CopyTo(destination[output..]);
            input += literalLength;
            output += literalLength;
            if (input == source.Length)
            {
                // The last sequence carries literals only (section "End of block conditions").
                return output;
            }

            if (source.Length - input < sizeof(ushort))
            {
                throw new InvalidDataException("LZ4 block ends inside a match offset.");
            }

            int offset = BinaryPrimitives.ReadUInt16LittleEndian(source[input..]);
            input += sizeof(ushort);
            if (offset == 0 || offset > output)
            {
                throw new InvalidDataException($"LZ4 match offset {offset} is invalid at output position {output}.");
            }

            int matchLength = token & LengthFieldMaximum;
            if (matchLength == LengthFieldMaximum)
            {
                matchLength += ReadLengthExtension(source, ref input);
            }

            matchLength += MinimumMatchLength;
            if (matchLength > destination.Length - output)
            {
                throw new InvalidDataException($"LZ4 block decodes to more than {destination.Length} bytes.");
            }

            if (offset >= ShortCopy && matchLength <= ShortCopy && destination.Length - output >= ShortCopy)
                CopyShort(destination, output - offset, destination, output);
            else
                CopyMatch(destination, output, offset, matchLength);
            output += matchLength;
        }
    }

    private static int ReadLengthExtension(ReadOnlySpan<byte> source, ref int input)
    {
        int total = 0;
        byte value;
        do
        {
            if (input >= source.Length)
            {
                throw new InvalidDataException("LZ4 block ends inside a length field.");
            }

            value = source[input++];
            total += value;
            if (total > int.MaxValue - LengthContinuation)
            {
                throw new InvalidDataException("LZ4 length field overflows.");
            }
        }
        while (value == LengthContinuation);

        return total;
    }

    /// <summary>
    /// Most literal runs and matches are a few bytes: one 16-byte move instead of a memmove call, which
    /// also writes up to 16 bytes past the run. Those bytes lie beyond the output produced so far and are
    /// overwritten by the sequences that follow, so the result is the same (LZ4's own "wild copy").
    /// </summary>
    private const int ShortCopy = 16;

    private static void CopyShort(ReadOnlySpan<byte> from, int fromIndex, Span<byte> to, int toIndex)
    {
        var value = Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref MemoryMarshal.GetReference(from), fromIndex));
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetReference(to), toIndex), value);
    }

    /// <summary>Copies a match that may overlap its own output (offset below length repeats a pattern).</summary>
    private static void CopyMatch(Span<byte> destination, int output, int offset, int length)
    {
        int from = output - offset;
        while (length > 0)
        {
            // Each pass copies at most `offset` bytes, whose source is already final.
            int chunk = Math.Min(length, output - from);
            destination.Slice(from, chunk).CopyTo(destination.Slice(output, chunk));
            output += chunk;
            length -= chunk;
        }
    }
}
