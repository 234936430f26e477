using System.Buffers.Binary;

namespace Aurae.Images.Pe;

/// <summary>
/// The optional header's CheckSum (PE/COFF specification, section 3.4.2 "CheckSum"; the algorithm is
/// IMAGEHLP's CheckSumMappedFile): the file summed as little-endian 16-bit words with end-around carry,
/// the CheckSum field itself counted as zero, then the file's length added. Firmware ignores it, but
/// signing tools recompute it after adding the certificate table, and so do we.
/// </summary>
public static class PeChecksum
{
    /// <summary>Computes the checksum of the whole file <paramref name="image"/> was parsed from, certificate table included.</summary>
    public static uint Compute(PeImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ReadOnlySpan<byte> file = image.Data.Span;
        int field = image.CheckSumOffset;
        if (field % sizeof(ushort) != 0)
        {
            // The field is skipped as two whole words; e_lfanew is 8-aligned in every linker's output.
            throw new InvalidDataException($"The PE CheckSum field at 0x{field:X} is not 16-bit aligned.");
        }

        uint sum = Sum(0, file[..field]);
        sum = Sum(sum, file[(field + sizeof(uint))..]);
        return sum + (uint)file.Length;
    }

    /// <summary>Adds <paramref name="data"/> as 16-bit words to <paramref name="sum"/>, folding carries back in.</summary>
    private static uint Sum(uint sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += sizeof(ushort))
        {
            sum += BinaryPrimitives.ReadUInt16LittleEndian(data[i..]);
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        if (i < data.Length)
        {
            // An odd final byte is the low half of a word whose high half is zero.
            sum += data[i];
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum;
    }
}
