using System.Buffers.Binary;
using Aurae.Images.VirtualDisks;

namespace Aurae.Images.Vmdk;

/// <summary>
/// Markers of a stream-optimized extent (Virtual Disk Format 5.0, "Stream-Optimized Compressed Sparse
/// Extents"), little-endian. A metadata marker fills one sector: {uint64 numSectors, uint32 size = 0,
/// uint32 type}, and the metadata it announces starts at the next sector. A grain marker is {uint64 lba,
/// uint32 size} immediately followed by the compressed grain.
/// </summary>
internal static class VmdkMarker
{
    /// <summary>Length of a grain marker's own fields, before the compressed data.</summary>
    public const int GrainMarkerLength = 12;

    private const int ValueOffset = 0;
    private const int SizeOffset = 8;
    private const int TypeOffset = 12;

    /// <summary>Writes a metadata marker sector into <paramref name="destination"/>.</summary>
    public static void WriteMetadataMarker(Span<byte> destination, ulong numSectors, VmdkMarkerType type)
    {
        Span<byte> marker = destination[..RawDiskReader.SectorSize];
        marker.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(marker[ValueOffset..], numSectors);
        BinaryPrimitives.WriteUInt32LittleEndian(marker[SizeOffset..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(marker[TypeOffset..], (uint)type);
    }

    /// <summary>Writes a grain marker for the grain starting at sector <paramref name="lba"/>.</summary>
    public static void WriteGrainMarker(Span<byte> destination, ulong lba, uint compressedSize)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination[ValueOffset..], lba);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[SizeOffset..], compressedSize);
    }
}
