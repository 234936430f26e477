namespace Aurae.Images.Checksums;

/// <summary>
/// CRC-64 as used by the xz file format (section 6 "Cyclic Redundancy Checks"): the ECMA-182
/// polynomial, reflected (0xC96C5795D7870F42), initial value and final XOR all ones.
/// <c>Compute("123456789")</c> is 0x995DC9BBDF1939FA.
/// </summary>
public static class Crc64
{
    /// <summary>The reflected ECMA-182 generator polynomial.</summary>
    private const ulong ReflectedPolynomial = 0xC96C_5795_D787_0F42;

    /// <summary>Register preset and final XOR value.</summary>
    private const ulong AllOnes = ulong.MaxValue;

    private static readonly ulong[] Table = BuildTable();

    /// <summary>The CRC-64 of <paramref name="data"/>.</summary>
    public static ulong Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Continues <paramref name="crc"/> (a finished CRC of the preceding bytes, 0 for none) over
    /// <paramref name="data"/>, so a stream can be checksummed as it is decoded.
    /// </summary>
    public static ulong Append(ulong crc, ReadOnlySpan<byte> data)
    {
        ulong register = crc ^ AllOnes;
        foreach (byte value in data)
        {
            register = Table[(byte)(register ^ value)] ^ (register >> 8);
        }

        return register ^ AllOnes;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (uint index = 0; index < table.Length; index++)
        {
            ulong value = index;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[index] = value;
        }

        return table;
    }
}
