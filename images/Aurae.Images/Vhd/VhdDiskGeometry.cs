namespace Aurae.Images.Vhd;

/// <summary>
/// The footer's Disk Geometry (cylinders, heads, sectors per track) as the BIOS of the emulated ATA disk
/// would see it, computed with the algorithm of the specification's appendix "CHS Calculation".
/// </summary>
internal readonly record struct VhdDiskGeometry(ushort Cylinders, byte Heads, byte SectorsPerTrack)
{
    /// <summary>Largest sector count a geometry can describe (65535 x 16 x 255); larger disks are clamped to it.</summary>
    public const long MaxSectors = 65535L * 16 * 255;

    /// <summary>Sector count from which the appendix switches to 255 sectors per track (65535 x 16 x 63).</summary>
    private const long MaxSectorsWith63PerTrack = 65535L * 16 * 63;

    /// <summary>The geometry for a disk of <paramref name="totalSectors"/> 512-byte sectors; rounds down.</summary>
    public static VhdDiskGeometry FromTotalSectors(long totalSectors)
    {
        totalSectors = Math.Min(totalSectors, MaxSectors);
        long sectorsPerTrack;
        long heads;
        long cylindersTimesHeads;
        if (totalSectors >= MaxSectorsWith63PerTrack)
        {
            sectorsPerTrack = 255;
            heads = 16;
            cylindersTimesHeads = totalSectors / sectorsPerTrack;
        }
        else
        {
            sectorsPerTrack = 17;
            cylindersTimesHeads = totalSectors / sectorsPerTrack;
            heads = Math.Max((cylindersTimesHeads + 1023) / 1024, 4);
            if (cylindersTimesHeads >= heads * 1024 || heads > 16)
            {
                sectorsPerTrack = 31;
                heads = 16;
                cylindersTimesHeads = totalSectors / sectorsPerTrack;
            }

            if (cylindersTimesHeads >= heads * 1024)
            {
                sectorsPerTrack = 63;
                heads = 16;
                cylindersTimesHeads = totalSectors / sectorsPerTrack;
            }
        }

        return new VhdDiskGeometry((ushort)(cylindersTimesHeads / heads), (byte)heads, (byte)sectorsPerTrack);
    }
}
