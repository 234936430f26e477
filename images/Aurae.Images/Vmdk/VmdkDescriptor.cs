using System.Globalization;
using System.Text;

namespace Aurae.Images.Vmdk;

/// <summary>
/// The text descriptor embedded in a monolithic stream-optimized VMDK (Virtual Disk Format 5.0, "The
/// Descriptor File"): one read-write SPARSE extent, no parent, and a disk database giving a SCSI geometry.
/// </summary>
internal static class VmdkDescriptor
{
    /// <summary>The extent's file name: the file itself, since the extent is embedded (readers do not open it).</summary>
    public const string ExtentFileName = "disk.vmdk";

    /// <summary>parentCID of a disk without a parent.</summary>
    private const uint NoParentContentId = 0xFFFFFFFF;

    // The BIOS geometry VMware gives SCSI (LSI Logic) disks: 255 heads, 63 sectors per track.
    private const int ScsiHeads = 255;
    private const int ScsiSectorsPerTrack = 63;

    /// <summary>The descriptor text, ASCII with LF line ends, for a disk of <paramref name="capacitySectors"/> sectors.</summary>
    public static byte[] Create(ulong capacitySectors, uint contentId)
    {
        ulong cylinders = Math.Max(1, capacitySectors / (ScsiHeads * ScsiSectorsPerTrack));
        var text = new StringBuilder();
        text.Append("# Disk DescriptorFile\n");
        text.Append("version=1\n");
        text.Append("encoding=\"UTF-8\"\n");
        text.Append(CultureInfo.InvariantCulture, $"CID={contentId:x8}\n");
        text.Append(CultureInfo.InvariantCulture, $"parentCID={NoParentContentId:x8}\n");
        text.Append("createType=\"streamOptimized\"\n");
        text.Append('\n');
        text.Append("# Extent description\n");
        text.Append(CultureInfo.InvariantCulture, $"RW {capacitySectors} SPARSE \"{ExtentFileName}\"\n");
        text.Append('\n');
        text.Append("# The Disk Data Base\n");
        text.Append("#DDB\n");
        text.Append('\n');
        text.Append("ddb.virtualHWVersion = \"4\"\n");
        text.Append("ddb.adapterType = \"lsilogic\"\n");
        text.Append(CultureInfo.InvariantCulture, $"ddb.geometry.cylinders = \"{cylinders}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"ddb.geometry.heads = \"{ScsiHeads}\"\n");
        text.Append(CultureInfo.InvariantCulture, $"ddb.geometry.sectors = \"{ScsiSectorsPerTrack}\"\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
