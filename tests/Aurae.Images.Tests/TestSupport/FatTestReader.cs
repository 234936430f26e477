using System.Buffers.Binary;
using System.Text;

namespace Aurae.Images.Tests.TestSupport;

/// <summary>
/// A deliberately separate, minimal FAT reader for tests (fatgen103 offsets written out again), so assertions on
/// raw fields do not reuse the writer's code.
/// </summary>
internal sealed class FatTestReader
{
    private readonly byte[] _image;

    public FatTestReader(byte[] image)
    {
        _image = image;
        BytesPerSector = U16(11);
        SectorsPerCluster = image[13];
        ReservedSectors = U16(14);
        FatCount = image[16];
        RootEntryCount = U16(17);
        TotalSectors = U16(19) != 0 ? U16(19) : U32(32);
        FatSectors = U16(22) != 0 ? U16(22) : U32(36);
        long rootSectors = ((RootEntryCount * 32) + BytesPerSector - 1) / BytesPerSector;
        FirstDataSector = ReservedSectors + (FatCount * FatSectors) + rootSectors;
        ClusterCount = (TotalSectors - FirstDataSector) / SectorsPerCluster;
        Bits = ClusterCount < 4085 ? 12 : ClusterCount < 65525 ? 16 : 32;
        RootCluster = Bits == 32 ? U32(44) : 0;
    }

    public sealed record Entry(string ShortName, string? LongName, byte Attributes, uint FirstCluster, uint Size,
        ushort WriteDate, ushort WriteTime, ushort CreateDate, ushort CreateTime, byte CreateTenths, ushort AccessDate,
        byte LongNameChecksum, byte ShortNameChecksum)
    {
        public string Name => LongName ?? ShortName;

        public bool IsDirectory => (Attributes & 0x10) != 0;
    }

    public int BytesPerSector { get; }
    public int SectorsPerCluster { get; }
    public int ReservedSectors { get; }
    public int FatCount { get; }
    public int RootEntryCount { get; }
    public long TotalSectors { get; }
    public long FatSectors { get; }
    public long FirstDataSector { get; }
    public long ClusterCount { get; }
    public int Bits { get; }
    public uint RootCluster { get; }

    public int ClusterBytes => SectorsPerCluster * BytesPerSector;

    public ushort U16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(_image.AsSpan((int)offset));

    public uint U32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(_image.AsSpan((int)offset));

    public string Ascii(long offset, int length) => Encoding.ASCII.GetString(_image, (int)offset, length);

    /// <summary>Byte offset of entry <paramref name="cluster"/> in FAT number <paramref name="copy"/>.</summary>
    public long FatEntryOffset(uint cluster, int copy = 0) =>
        ((ReservedSectors + (copy * FatSectors)) * BytesPerSector) + (Bits == 12 ? cluster * 3 / 2 : cluster * (Bits / 8));

    public uint FatEntry(uint cluster, int copy = 0)
    {
        long offset = FatEntryOffset(cluster, copy);
        return Bits switch
        {
            12 => cluster % 2 == 0 ? (uint)(U16(offset) & 0xFFF) : (uint)(U16(offset) >> 4),
            16 => U16(offset),
            _ => U32(offset) & 0x0FFFFFFF,
        };
    }

    public long ClusterOffset(uint cluster) => (FirstDataSector + ((cluster - 2) * SectorsPerCluster)) * BytesPerSector;

    public List<uint> Chain(uint first)
    {
        var chain = new List<uint>();
        uint endOfChain = Bits == 12 ? 0xFF8u : Bits == 16 ? 0xFFF8u : 0x0FFFFFF8u;
        for (uint cluster = first; cluster >= 2 && cluster < endOfChain; cluster = FatEntry(cluster))
        {
            Assert.True(chain.Count <= ClusterCount, "Cluster chain loops.");
            chain.Add(cluster);
        }

        return chain;
    }

    public byte[] ReadChain(uint first) =>
        Chain(first).SelectMany(c => _image.AsSpan((int)ClusterOffset(c), ClusterBytes).ToArray()).ToArray();

    /// <summary>The entries of the directory at <paramref name="path"/> ("" for the root), volume label included.</summary>
    public List<Entry> ReadDirectory(string path)
    {
        byte[] data;
        if (Bits != 32)
        {
            long rootStart = (ReservedSectors + (FatCount * FatSectors)) * BytesPerSector;
            data = _image.AsSpan((int)rootStart, RootEntryCount * 32).ToArray();
        }
        else
        {
            data = ReadChain(RootCluster);
        }

        foreach (string component in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            Entry directory = Parse(data).Single(e => e.IsDirectory && e.Name == component);
            data = ReadChain(directory.FirstCluster);
        }

        return Parse(data);
    }

    public byte[] ReadFile(string path)
    {
        int slash = path.LastIndexOf('/');
        Entry file = ReadDirectory(slash < 0 ? "" : path[..slash]).Single(e => e.Name == path[(slash + 1)..]);
        return ReadChain(file.FirstCluster).AsSpan(0, (int)file.Size).ToArray();
    }

    private static List<Entry> Parse(byte[] data)
    {
        var entries = new List<Entry>();
        var longName = new StringBuilder();
        byte longChecksum = 0;
        for (int offset = 0; offset + 32 <= data.Length && data[offset] != 0; offset += 32)
        {
            ReadOnlySpan<byte> raw = data.AsSpan(offset, 32);
            if (raw[11] == 0x0F)
            {
                // Long-name entries come last part first: prepend each part.
                var part = new StringBuilder();
                foreach ((int start, int count) in new[] { (1, 5), (14, 6), (28, 2) })
                {
                    for (int i = 0; i < count; i++)
                    {
                        char c = (char)BinaryPrimitives.ReadUInt16LittleEndian(raw[(start + (i * 2))..]);
                        if (c is '\0' or '\uFFFF')
                        {
                            break;
                        }

                        part.Append(c);
                    }
                }

                longName.Insert(0, part.ToString());
                longChecksum = raw[13];
                continue;
            }

            string shortName = Encoding.ASCII.GetString(raw[..11]);
            string display = shortName[..8].TrimEnd() + (shortName[8..].Trim().Length > 0 ? "." + shortName[8..].TrimEnd() : "");
            byte sum = 0;
            foreach (byte b in raw[..11])
            {
                sum = (byte)((((sum & 1) != 0) ? 0x80 : 0) + (sum >> 1) + b);
            }

            entries.Add(new Entry(
                display,
                longName.Length > 0 ? longName.ToString() : null,
                raw[11],
                ((uint)BinaryPrimitives.ReadUInt16LittleEndian(raw[20..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(raw[26..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[28..]),
                BinaryPrimitives.ReadUInt16LittleEndian(raw[24..]),
                BinaryPrimitives.ReadUInt16LittleEndian(raw[22..]),
                BinaryPrimitives.ReadUInt16LittleEndian(raw[16..]),
                BinaryPrimitives.ReadUInt16LittleEndian(raw[14..]),
                raw[13],
                BinaryPrimitives.ReadUInt16LittleEndian(raw[18..]),
                longChecksum,
                sum));
            longName.Clear();
            longChecksum = 0;
        }

        return entries;
    }
}
