namespace Aurae.Images.Vhd;

/// <summary>
/// The checksum of the VHD footer and dynamic disk header: the one's complement of the sum of all bytes of
/// the structure, computed with the checksum field itself zeroed (specification, "Hard Disk Footer Format").
/// </summary>
internal static class VhdChecksum
{
    /// <summary>Checksum of <paramref name="structure"/>, whose checksum field must already be zero.</summary>
    public static uint Compute(ReadOnlySpan<byte> structure)
    {
        uint sum = 0;
        foreach (byte value in structure)
        {
            sum += value;
        }

        return ~sum;
    }
}
