using System.Buffers.Binary;
using Aurae.Images.VirtualDisks;

namespace Aurae.Images.Vhd;

/// <summary>
/// Converts a raw disk image into a VHD (Microsoft "Virtual Hard Disk Image Format Specification" 1.0), the
/// format Azure imports (fixed) and Hyper-V uses. The output is written front to back and need not be seekable.
/// </summary>
public static class VhdImageWriter
{
    /// <summary>
    /// Virtual sizes must be whole MiB: Azure rejects other fixed VHDs, and dynamic ones are converted to fixed on upload.
    /// </summary>
    public const long SizeAlignment = 1024 * 1024;

    /// <summary>
    /// Largest virtual size: 2040 GiB, the VHD limit of Hyper-V and QEMU (block/vpc.c VHD_MAX_SECTORS), which
    /// also keeps every block's sector offset within the 32-bit block allocation table entries.
    /// </summary>
    public const long MaxSize = 2040L * 1024 * 1024 * 1024;

    /// <summary>Block allocation table entry of a block that is not stored (specification, "Block Allocation Table").</summary>
    private const uint UnusedBatEntry = 0xFFFFFFFF;

    /// <summary>Bytes per block allocation table entry: a 32-bit absolute sector offset.</summary>
    private const int BatEntrySize = sizeof(uint);

    /// <summary>
    /// A block's sector bitmap, one bit per sector (set = present), padded to a sector boundary:
    /// 4096 sectors per 2 MiB block need 512 bytes (specification, "Block Allocation Table").
    /// </summary>
    private const int BlockBitmapLength = VhdDynamicDiskHeader.BlockSize / RawDiskReader.SectorSize / 8;

    /// <summary>Offset of the dynamic disk header: after the footer copy at offset 0.</summary>
    private const long DynamicDiskHeaderOffset = VhdFooter.Length;

    /// <summary>Offset of the block allocation table: right after the dynamic disk header.</summary>
    private const long BatOffset = DynamicDiskHeaderOffset + VhdDynamicDiskHeader.Length;

    /// <summary>Chunk in which a fixed disk's data is copied.</summary>
    private const int FixedCopyChunkSize = (int)SizeAlignment;

    /// <summary>
    /// Writes a fixed VHD: the raw data unchanged, then the footer. <paramref name="rawDisk"/> must be seekable,
    /// and its Length, the virtual size, a positive multiple of <see cref="SizeAlignment"/> up to <see cref="MaxSize"/>.
    /// </summary>
    public static void WriteFixed(Stream rawDisk, Stream output, VhdIdentity identity)
    {
        RawDiskReader disk = Open(rawDisk, output, identity);

        byte[] chunk = new byte[FixedCopyChunkSize];
        long chunks = disk.ChunkCount(chunk.Length);
        for (long index = 0; index < chunks; index++)
        {
            disk.ReadChunk(index, chunk);
            output.Write(chunk);
        }

        var footer = new VhdFooter(VhdDiskType.Fixed, VhdFooter.NoDataOffset, (ulong)disk.Length, identity);
        WriteFooter(output, footer);
    }

    /// <summary>
    /// Writes a dynamic VHD: footer copy, dynamic disk header, block allocation table, the 2 MiB blocks holding
    /// any non-zero byte (each after its sector bitmap) and the footer; all-zero blocks are not stored.
    /// Same requirements on <paramref name="rawDisk"/> as <see cref="WriteFixed"/>; it is read twice.
    /// </summary>
    public static void WriteDynamic(Stream rawDisk, Stream output, VhdIdentity identity)
    {
        RawDiskReader disk = Open(rawDisk, output, identity);

        var nonZeroBlocks = disk.FindNonZeroChunks(VhdDynamicDiskHeader.BlockSize);
        int blockCount = nonZeroBlocks.Length;
        long batLength = RoundUpToSector((long)blockCount * BatEntrySize);

        var footer = new VhdFooter(VhdDiskType.Dynamic, DynamicDiskHeaderOffset, (ulong)disk.Length, identity);
        WriteFooter(output, footer);

        byte[] header = new byte[VhdDynamicDiskHeader.Length];
        new VhdDynamicDiskHeader(BatOffset, (uint)blockCount).WriteTo(header);
        output.Write(header);

        // Block allocation table, a sector at a time: stored blocks follow it in disk order.
        byte[] sector = new byte[RawDiskReader.SectorSize];
        long nextBlockOffset = BatOffset + batLength;
        int entriesPerSector = sector.Length / BatEntrySize;
        for (long firstEntry = 0; firstEntry * BatEntrySize < batLength; firstEntry += entriesPerSector)
        {
            sector.AsSpan().Fill(0xFF); // UnusedBatEntry, also for the padding after the last entry
            for (int slot = 0; slot < entriesPerSector && firstEntry + slot < blockCount; slot++)
            {
                uint entry = UnusedBatEntry;
                if (nonZeroBlocks[(int)(firstEntry + slot)])
                {
                    entry = (uint)(nextBlockOffset / RawDiskReader.SectorSize);
                    nextBlockOffset += BlockBitmapLength + VhdDynamicDiskHeader.BlockSize;
                }

                BinaryPrimitives.WriteUInt32BigEndian(sector.AsSpan(slot * BatEntrySize), entry);
            }

            output.Write(sector);
        }

        // Blocks: every sector marked present (including any past the end of the disk in a partial last
        // block, which read as zeros), then the data.
        byte[] bitmap = new byte[BlockBitmapLength];
        bitmap.AsSpan().Fill(0xFF);
        byte[] block = new byte[VhdDynamicDiskHeader.BlockSize];
        for (int index = 0; index < blockCount; index++)
        {
            if (nonZeroBlocks[index])
            {
                disk.ReadChunk(index, block);
                output.Write(bitmap);
                output.Write(block);
            }
        }

        WriteFooter(output, footer);
    }

    private static RawDiskReader Open(Stream rawDisk, Stream output, VhdIdentity identity)
    {
        RawDiskReader disk = RawDiskReader.Open(rawDisk, SizeAlignment, "Azure requires VHD sizes in whole MiB");
        RawDiskReader.RequireWritable(output);
        ArgumentNullException.ThrowIfNull(identity);
        if (disk.Length > MaxSize)
        {
            throw new ArgumentException(
                $"The raw disk's length {disk.Length} bytes exceeds the VHD limit of {MaxSize} bytes (2040 GiB).", nameof(rawDisk));
        }

        return disk;
    }

    private static void WriteFooter(Stream output, VhdFooter footer)
    {
        byte[] bytes = new byte[VhdFooter.Length];
        footer.WriteTo(bytes);
        output.Write(bytes);
    }

    private static long RoundUpToSector(long length) =>
        (length + RawDiskReader.SectorSize - 1) / RawDiskReader.SectorSize * RawDiskReader.SectorSize;
}
