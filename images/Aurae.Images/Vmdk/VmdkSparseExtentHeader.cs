using System.Buffers.Binary;
using Aurae.Images.VirtualDisks;

namespace Aurae.Images.Vmdk;

/// <summary>
/// The SparseExtentHeader of a stream-optimized sparse extent (VMware "Virtual Disk Format 5.0",
/// "Hosted Sparse Extent Header" and "Stream-Optimized Compressed Sparse Extents"), little-endian, one sector.
/// It opens the file with <see cref="GrainDirectoryAtEnd"/> and is repeated in the footer with the real offset.
/// </summary>
internal sealed record VmdkSparseExtentHeader(ulong CapacitySectors, ulong DescriptorSectors, ulong GrainDirectorySector)
{
    /// <summary>Sectors per grain: 128 = 64 KiB, the standard grain size.</summary>
    public const int GrainSectors = 128;

    /// <summary>Bytes per grain.</summary>
    public const int GrainSize = GrainSectors * RawDiskReader.SectorSize;

    /// <summary>numGTEsPerGT: 512 grain table entries, so a grain table covers 32 MiB.</summary>
    public const int GrainTableEntries = 512;

    /// <summary>descriptorOffset: the embedded descriptor starts at sector 1, right after this header.</summary>
    public const ulong DescriptorSector = 1;

    /// <summary>
    /// overHead: sectors before the first grain. One grain's worth (header, descriptor, zero padding), as
    /// VMware's own stream-optimized disks have; the descriptor must fit in the 127 sectors after the header.
    /// </summary>
    public const ulong OverheadSectors = GrainSectors;

    /// <summary>gdOffset value GD_AT_END: the grain directory is found through the footer at the end of the stream.</summary>
    public const ulong GrainDirectoryAtEnd = ulong.MaxValue;

    /// <summary>magicNumber 'V' 'M' 'D' 'K' as a little-endian uint32, so the file starts with "KDMV".</summary>
    private const uint MagicNumber = 0x564D444B;

    /// <summary>version 3: the version of stream-optimized extents.</summary>
    private const uint Version = 3;

    /// <summary>
    /// flags: bit 0 valid new-line detection test, bit 16 compressed grains, bit 17 metadata markers present.
    /// </summary>
    private const uint Flags = (1u << 0) | (1u << 16) | (1u << 17);

    /// <summary>compressAlgorithm 1: COMPRESSION_DEFLATE, zlib streams (RFC 1950).</summary>
    private const ushort CompressAlgorithmDeflate = 1;

    // The new-line detection characters: a file transferred in text mode would change them.
    private const byte SingleEndLineChar = (byte)'\n';
    private const byte NonEndLineChar = (byte)' ';
    private const byte DoubleEndLineChar1 = (byte)'\r';
    private const byte DoubleEndLineChar2 = (byte)'\n';

    // Field offsets in the packed SparseExtentHeader; rgdOffset (48), uncleanShutdown (72) and pad stay zero.
    private const int MagicNumberOffset = 0;
    private const int VersionOffset = 4;
    private const int FlagsOffset = 8;
    private const int CapacityOffset = 12;
    private const int GrainSizeOffset = 20;
    private const int DescriptorOffsetOffset = 28;
    private const int DescriptorSizeOffset = 36;
    private const int NumGtesPerGtOffset = 44;
    private const int GdOffsetOffset = 56;
    private const int OverHeadOffset = 64;
    private const int SingleEndLineCharOffset = 73;
    private const int NonEndLineCharOffset = 74;
    private const int DoubleEndLineChar1Offset = 75;
    private const int DoubleEndLineChar2Offset = 76;
    private const int CompressAlgorithmOffset = 77;

    /// <summary>Writes the header into the first sector of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        Span<byte> header = destination[..RawDiskReader.SectorSize];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header[MagicNumberOffset..], MagicNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(header[VersionOffset..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header[FlagsOffset..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(header[CapacityOffset..], CapacitySectors);
        BinaryPrimitives.WriteUInt64LittleEndian(header[GrainSizeOffset..], GrainSectors);
        BinaryPrimitives.WriteUInt64LittleEndian(header[DescriptorOffsetOffset..], DescriptorSector);
        BinaryPrimitives.WriteUInt64LittleEndian(header[DescriptorSizeOffset..], DescriptorSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(header[NumGtesPerGtOffset..], GrainTableEntries);
        BinaryPrimitives.WriteUInt64LittleEndian(header[GdOffsetOffset..], GrainDirectorySector);
        BinaryPrimitives.WriteUInt64LittleEndian(header[OverHeadOffset..], OverheadSectors);
        header[SingleEndLineCharOffset] = SingleEndLineChar;
        header[NonEndLineCharOffset] = NonEndLineChar;
        header[DoubleEndLineChar1Offset] = DoubleEndLineChar1;
        header[DoubleEndLineChar2Offset] = DoubleEndLineChar2;
        BinaryPrimitives.WriteUInt16LittleEndian(header[CompressAlgorithmOffset..], CompressAlgorithmDeflate);
    }
}
