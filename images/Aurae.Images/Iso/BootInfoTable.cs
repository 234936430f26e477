using System.Buffers.Binary;

namespace Aurae.Images.Iso;

/// <summary>
/// The boot information table that mkisofs' -boot-info-table writes into the boot file's copy in the image and
/// ISOLINUX reads to find itself: bytes 8-63 (PVD LBA, boot file LBA, length, checksum, 40 reserved zero bytes).
/// </summary>
internal static class BootInfoTable
{
    private const int PrimaryVolumeDescriptorLbaOffset = 8;
    private const int BootFileLbaOffset = 12;
    private const int BootFileLengthOffset = 16;
    private const int ChecksumOffset = 20;
    private const int ReservedOffset = 24;

    /// <summary>The table occupies bytes 8-63; the checksum covers the file from byte 64.</summary>
    public const int End = 64;

    /// <summary>
    /// Adds the file's bytes from <see cref="End"/> on, as little-endian 32-bit words (a short final word padded
    /// with zeros), to <paramref name="sum"/>. <paramref name="fileOffset"/> is where <paramref name="chunk"/> starts.
    /// </summary>
    public static uint AddToChecksum(uint sum, long fileOffset, ReadOnlySpan<byte> chunk)
    {
        // Words are aligned to the file start; callers pass chunks that start at a multiple of 4.
        if (fileOffset % 4 != 0)
        {
            throw new ArgumentException("Checksum chunks must start at a multiple of 4 bytes.", nameof(fileOffset));
        }

        int skip = (int)Math.Clamp(End - fileOffset, 0, chunk.Length);
        ReadOnlySpan<byte> data = chunk[skip..];
        int whole = data.Length & ~3;
        for (int i = 0; i < whole; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
        }

        if (whole < data.Length)
        {
            Span<byte> last = stackalloc byte[4];
            last.Clear();
            data[whole..].CopyTo(last);
            sum += BinaryPrimitives.ReadUInt32LittleEndian(last);
        }

        return sum;
    }

    /// <summary>Overwrites bytes 8-63 of the file's first bytes with the table.</summary>
    public static void Patch(Span<byte> fileStart, uint primaryVolumeDescriptorLba, uint bootFileLba, uint bootFileLength, uint checksum)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(fileStart[PrimaryVolumeDescriptorLbaOffset..], primaryVolumeDescriptorLba);
        BinaryPrimitives.WriteUInt32LittleEndian(fileStart[BootFileLbaOffset..], bootFileLba);
        BinaryPrimitives.WriteUInt32LittleEndian(fileStart[BootFileLengthOffset..], bootFileLength);
        BinaryPrimitives.WriteUInt32LittleEndian(fileStart[ChecksumOffset..], checksum);
        fileStart[ReservedOffset..End].Clear();
    }
}
