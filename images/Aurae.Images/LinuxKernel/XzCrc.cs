namespace Aurae.Images.LinuxKernel;

/// <summary>
/// The two CRCs of the xz file format (section 6 "Cyclic Redundancy Checks"): CRC32 with the reflected
/// polynomial 0xEDB88320 (as in zlib) and CRC64 with the reflected ECMA-182 polynomial 0xC96C5795D7870F42,
/// both starting from all ones and inverted at the end.
/// </summary>
internal static class XzCrc
{
    private const uint Crc32Polynomial = 0xEDB8_8320;
    private const ulong Crc64Polynomial = 0xC96C_5795_D787_0F42;

    private static readonly uint[] Crc32Table = BuildCrc32Table();
    private static readonly ulong[] Crc64Table = BuildCrc64Table();

    /// <summary>The CRC32 of <paramref name="data"/>.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data) => UpdateCrc32(0, data);

    /// <summary>Continues a CRC32 (0 for none yet) over <paramref name="data"/>.</summary>
    public static uint UpdateCrc32(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        foreach (byte value in data)
        {
            state = Crc32Table[(byte)(state ^ value)] ^ (state >> 8);
        }

        return ~state;
    }

    /// <summary>Continues a CRC64 (0 for none yet) over <paramref name="data"/>.</summary>
    public static ulong UpdateCrc64(ulong crc, ReadOnlySpan<byte> data)
    {
        ulong state = ~crc;
        foreach (byte value in data)
        {
            state = Crc64Table[(byte)(state ^ value)] ^ (state >> 8);
        }

        return ~state;
    }

    private static uint[] BuildCrc32Table()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            uint value = i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ Crc32Polynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }

    private static ulong[] BuildCrc64Table()
    {
        var table = new ulong[256];
        for (uint i = 0; i < table.Length; i++)
        {
            ulong value = i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ Crc64Polynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
