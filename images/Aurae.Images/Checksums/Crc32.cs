namespace Aurae.Images.Checksums;

/// <summary>
/// CRC-32 as used by GPT (UEFI 2.x §5.3.2), zlib and the xz file format (section 6): IEEE 802.3 polynomial, reflected (0xEDB88320),
/// initial value and final XOR 0xFFFFFFFF. <c>Compute("123456789")</c> is 0xCBF43926.
/// </summary>
public static class Crc32
{
    /// <summary>The reflected IEEE 802.3 generator polynomial.</summary>
    private const uint ReflectedPolynomial = 0xEDB88320;

    /// <summary>Register preset and final XOR value.</summary>
    private const uint AllOnes = 0xFFFFFFFF;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Continues <paramref name="crc"/> (a finished CRC of the preceding bytes, 0 for none) over
    /// <paramref name="data"/>, so large inputs can be checksummed in pieces.
    /// </summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint register = crc ^ AllOnes;
        foreach (byte value in data)
        {
            register = Table[(register ^ value) & 0xFF] ^ (register >> 8);
        }

        return register ^ AllOnes;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint index = 0; index < table.Length; index++)
        {
            uint value = index;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[index] = value;
        }

        return table;
    }
}
