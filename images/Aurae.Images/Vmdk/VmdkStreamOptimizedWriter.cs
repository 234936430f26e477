using System.Buffers.Binary;
using System.IO.Compression;
using Aurae.Images.VirtualDisks;
using Aurae.Images.IO;

namespace Aurae.Images.Vmdk;

/// <summary>
/// Converts a raw disk image into a monolithic stream-optimized VMDK (VMware "Virtual Disk Format 5.0"), the
/// form vSphere/OVF and AWS VM Import take. All-zero grains are left out; the others are zlib-compressed.
/// The disk is read once, front to back, and the output need not be seekable.
/// </summary>
/// <remarks>
/// Layout: header (gdOffset = GD_AT_END), descriptor, padding up to overHead; then for each grain table's
/// range its grains (grain marker + zlib data, padded to a sector) followed by the grain table (GT marker +
/// 512 entries), omitted when the range is all zeros (its grain directory entry stays 0); then the grain
/// directory (GD marker + entries), the footer (footer marker + header copy with the real gdOffset) and the
/// end-of-stream marker.
/// </remarks>
public static class VmdkStreamOptimizedWriter
{
    /// <summary>The fixed zlib level of every grain, so the same disk always compresses to the same bytes.</summary>
    public const CompressionLevel GrainCompressionLevel = CompressionLevel.Optimal;

    private const int SectorSize = RawDiskReader.SectorSize;

    /// <summary>Grain table entries are uint32 sector offsets.</summary>
    private const int TableEntrySize = sizeof(uint);

    /// <summary>Sectors of one grain table (512 entries x 4 bytes = 4 sectors).</summary>
    private const int GrainTableSectors = VmdkSparseExtentHeader.GrainTableEntries * TableEntrySize / SectorSize;

    /// <summary>The footer is one sector.</summary>
    private const int FooterSectors = 1;

    /// <summary>
    /// Writes <paramref name="rawDisk"/> (seekable; its Length, a positive multiple of 512, is the capacity) to
    /// <paramref name="output"/>. <paramref name="contentId"/> is the descriptor's CID, which changes whenever
    /// the content does; derive it with <c>SeededGuid.CreateUInt32(seed)</c> for reproducible builds.
    /// </summary>
    public static void Write(Stream rawDisk, Stream output, uint contentId)
    {
        RawDiskReader disk = RawDiskReader.Open(rawDisk);
        RawDiskReader.RequireWritable(output);
        var writer = new SectorWriter(output);

        ulong capacitySectors = (ulong)(disk.Length / SectorSize);
        long grainCount = disk.ChunkCount(VmdkSparseExtentHeader.GrainSize);
        long grainDirectoryEntries = (grainCount + VmdkSparseExtentHeader.GrainTableEntries - 1) / VmdkSparseExtentHeader.GrainTableEntries;

        byte[] descriptor = VmdkDescriptor.Create(capacitySectors, contentId);
        ulong descriptorSectors = (ulong)((descriptor.Length + SectorSize - 1) / SectorSize);
        if (VmdkSparseExtentHeader.DescriptorSector + descriptorSectors > VmdkSparseExtentHeader.OverheadSectors)
        {
            throw new InvalidOperationException($"The VMDK descriptor ({descriptor.Length} bytes) does not fit before the first grain.");
        }

        byte[] sector = new byte[SectorSize];
        new VmdkSparseExtentHeader(capacitySectors, descriptorSectors, VmdkSparseExtentHeader.GrainDirectoryAtEnd).WriteTo(sector);
        writer.Write(sector);
        writer.WritePadded(descriptor, (int)(VmdkSparseExtentHeader.OverheadSectors - VmdkSparseExtentHeader.DescriptorSector) * SectorSize);

        byte[] grain = new byte[VmdkSparseExtentHeader.GrainSize];
        var compressed = new MemoryStream();
        byte[] grainTable = new byte[GrainTableSectors * SectorSize];
        byte[] grainDirectory = new byte[RoundUpToSector(grainDirectoryEntries * TableEntrySize)];
        for (long table = 0; table < grainDirectoryEntries; table++)
        {
            Array.Clear(grainTable);
            bool anyGrain = false;
            long firstGrain = table * VmdkSparseExtentHeader.GrainTableEntries;
            long endGrain = Math.Min(grainCount, firstGrain + VmdkSparseExtentHeader.GrainTableEntries);
            for (long index = firstGrain; index < endGrain; index++)
            {
                if (!disk.ReadChunk(index, grain))
                {
                    continue;
                }

                BinaryPrimitives.WriteUInt32LittleEndian(grainTable.AsSpan((int)(index - firstGrain) * TableEntrySize), writer.SectorOffset);
                WriteGrain(writer, (ulong)index * VmdkSparseExtentHeader.GrainSectors, grain, compressed);
                anyGrain = true;
            }

            if (anyGrain)
            {
                VmdkMarker.WriteMetadataMarker(sector, GrainTableSectors, VmdkMarkerType.GrainTable);
                writer.Write(sector);
                BinaryPrimitives.WriteUInt32LittleEndian(grainDirectory.AsSpan((int)table * TableEntrySize), writer.SectorOffset);
                writer.Write(grainTable);
            }
        }

        VmdkMarker.WriteMetadataMarker(sector, (ulong)(grainDirectory.Length / SectorSize), VmdkMarkerType.GrainDirectory);
        writer.Write(sector);
        uint grainDirectorySector = writer.SectorOffset;
        writer.Write(grainDirectory);

        VmdkMarker.WriteMetadataMarker(sector, FooterSectors, VmdkMarkerType.Footer);
        writer.Write(sector);
        new VmdkSparseExtentHeader(capacitySectors, descriptorSectors, grainDirectorySector).WriteTo(sector);
        writer.Write(sector);

        VmdkMarker.WriteMetadataMarker(sector, 0, VmdkMarkerType.EndOfStream);
        writer.Write(sector);
    }

    /// <summary>Writes one grain: marker, zlib stream (RFC 1950) of the whole grain, zero padding to a sector.</summary>
    private static void WriteGrain(SectorWriter writer, ulong lba, byte[] grain, MemoryStream compressed)
    {
        // Room for the marker, filled in once the compressed size is known (SetLength zero-fills it).
        compressed.SetLength(0);
        compressed.SetLength(VmdkMarker.GrainMarkerLength);
        compressed.Position = VmdkMarker.GrainMarkerLength;
        using (var zlib = new ZLibStream(compressed, GrainCompressionLevel, leaveOpen: true))
        {
            zlib.Write(grain);
        }

        byte[] buffer = compressed.GetBuffer();
        uint compressedSize = (uint)(compressed.Length - VmdkMarker.GrainMarkerLength);
        VmdkMarker.WriteGrainMarker(buffer, lba, compressedSize);
        writer.WritePadded(buffer.AsSpan(0, (int)compressed.Length), RoundUpToSector(compressed.Length));
    }

    private static int RoundUpToSector(long length) => (int)((length + SectorSize - 1) / SectorSize * SectorSize);

    /// <summary>Writes whole sectors to the output and knows the current sector, which grain tables and the directory record.</summary>
    private sealed class SectorWriter(Stream output)
    {
        private long _position;

        /// <summary>The sector the next write starts at, as a uint32 table entry.</summary>
        public uint SectorOffset
        {
            get
            {
                long sector = _position / SectorSize;
                if (sector > uint.MaxValue)
                {
                    throw new InvalidOperationException("The stream-optimized VMDK grew past 2 TiB, beyond what its 32-bit sector offsets address.");
                }

                return (uint)sector;
            }
        }

        public void Write(ReadOnlySpan<byte> sectors)
        {
            output.Write(sectors);
            _position += sectors.Length;
        }

        /// <summary>Writes <paramref name="data"/> followed by zeros up to <paramref name="length"/> bytes, a multiple of the sector size.</summary>
        public void WritePadded(ReadOnlySpan<byte> data, int length)
        {
            output.Write(data);
            ZeroFill.Write(output, length - data.Length);

            _position += length;
        }
    }
}
