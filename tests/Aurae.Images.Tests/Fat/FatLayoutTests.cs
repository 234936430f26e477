using Aurae.Images.Fat;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Fat;

/// <summary>Raw on-disk fields at the offsets of fatgen103, read back with a separate test reader.</summary>
public sealed class FatLayoutTests
{
    private static readonly DateTimeOffset Time = new(2023, 11, 14, 22, 13, 21, 370, TimeSpan.Zero);

    private static FatFileSystemBuilder Sample(DateTimeOffset? time = null)
    {
        var builder = new FatFileSystemBuilder("Aurae", 0xCAFEF00D, time ?? Time);
        builder.AddFile("EFI/BOOT/BOOTX64.EFI", Pattern(5000));
        builder.AddFile("EFI/BOOT/grub.cfg", "set timeout=0\n"u8.ToArray());
        builder.AddFile("loader/entries/a very long file name.conf", "title Aurae\n"u8.ToArray());
        builder.AddFile("EMPTY.TXT", Array.Empty<byte>());
        return builder;
    }

    internal static byte[] Pattern(int length, int seed = 1) =>
        Enumerable.Range(0, length).Select(i => (byte)((i * 7919) + (i >> 8) + seed)).ToArray();

    [Fact]
    public void Fat12_BootSector_Fields()
    {
        byte[] image = FatFileSystemBuilderTests.Write(Sample().BuildSmallest());
        var fat = new FatTestReader(image);

        Assert.Equal(new byte[] { 0xEB, 0x3C, 0x90 }, image[..3]);                 // BS_jmpBoot
        Assert.Equal("MSWIN4.1", fat.Ascii(3, 8));                                  // BS_OEMName
        Assert.Equal(512, fat.U16(11));                                             // BPB_BytsPerSec
        Assert.Equal(1, fat.U16(14));                                               // BPB_RsvdSecCnt
        Assert.Equal(2, image[16]);                                                 // BPB_NumFATs
        Assert.Equal(0, fat.U16(17) % 16);                                          // BPB_RootEntCnt, whole sectors
        Assert.Equal(0xF8, image[21]);                                              // BPB_Media
        Assert.NotEqual(0, fat.U16(19));                                            // BPB_TotSec16 (small volume)
        Assert.Equal(0u, fat.U32(32));                                              // BPB_TotSec32
        Assert.Equal(image.Length / 512, fat.TotalSectors);
        Assert.Equal(0x80, image[36]);                                              // BS_DrvNum
        Assert.Equal(0, image[37]);                                                 // BS_Reserved1 (clean)
        Assert.Equal(0x29, image[38]);                                              // BS_BootSig
        Assert.Equal(0xCAFEF00Du, fat.U32(39));                                     // BS_VolID
        Assert.Equal("AURAE      ", fat.Ascii(43, 11));                             // BS_VolLab
        Assert.Equal("FAT12   ", fat.Ascii(54, 8));                                 // BS_FilSysType
        Assert.Equal(0x55, image[510]);
        Assert.Equal(0xAA, image[511]);
        Assert.Equal(12, fat.Bits);
        Assert.Equal(0xFF8u, fat.FatEntry(0));
        Assert.Equal(0xFFFu, fat.FatEntry(1));
    }

    [Fact]
    public void Fat32_BootSector_FsInfo_AndBackups()
    {
        FatFileSystem fs = Sample().BuildFat32(81920, 2048);
        byte[] image = FatFileSystemBuilderTests.Write(fs);
        var fat = new FatTestReader(image);

        Assert.Equal(new byte[] { 0xEB, 0x58, 0x90 }, image[..3]);
        Assert.Equal(32, fat.U16(14));                                              // BPB_RsvdSecCnt
        Assert.Equal(0, fat.U16(17));                                               // BPB_RootEntCnt
        Assert.Equal(0, fat.U16(19));                                               // BPB_TotSec16
        Assert.Equal(0, fat.U16(22));                                               // BPB_FATSz16
        Assert.Equal(2048u, fat.U32(28));                                           // BPB_HiddSec
        Assert.Equal(81920u, fat.U32(32));                                          // BPB_TotSec32
        Assert.Equal(fat.FatSectors, fat.U32(36));                                  // BPB_FATSz32
        Assert.Equal(0, fat.U16(40));                                               // BPB_ExtFlags
        Assert.Equal(0, fat.U16(42));                                               // BPB_FSVer
        Assert.Equal(2u, fat.U32(44));                                              // BPB_RootClus
        Assert.Equal(1, fat.U16(48));                                               // BPB_FSInfo
        Assert.Equal(6, fat.U16(50));                                               // BPB_BkBootSec
        Assert.Equal(0x80, image[64]);                                              // BS_DrvNum
        Assert.Equal(0x29, image[66]);                                              // BS_BootSig
        Assert.Equal(0xCAFEF00Du, fat.U32(67));                                     // BS_VolID
        Assert.Equal("AURAE      ", fat.Ascii(71, 11));                             // BS_VolLab
        Assert.Equal("FAT32   ", fat.Ascii(82, 8));                                 // BS_FilSysType
        Assert.Equal(32, fat.Bits);
        Assert.Equal(fs.ClusterCount, fat.ClusterCount);
        // The FAT must cover every cluster, and not be larger than one sector beyond that.
        Assert.InRange(fat.FatSectors * 512, (fat.ClusterCount + 2) * 4, ((fat.ClusterCount + 2) * 4) + 511);

        // FSInfo at sector 1.
        Assert.Equal(0x41615252u, fat.U32(512));
        Assert.Equal(0x61417272u, fat.U32(512 + 484));
        long used = Enumerable.Range(2, (int)fat.ClusterCount).Count(c => fat.FatEntry((uint)c) != 0);
        Assert.Equal((uint)(fat.ClusterCount - used), fat.U32(512 + 488));          // FSI_Free_Count
        Assert.Equal((uint)(2 + used), fat.U32(512 + 492));                         // FSI_Nxt_Free
        Assert.Equal(0xAA550000u, fat.U32(512 + 508));
        Assert.Equal(fs.FreeClusterCount, fat.ClusterCount - used);

        // Backups at 6 and 7; FAT[0], FAT[1]; both FATs equal.
        Assert.Equal(image[..512], image[(6 * 512)..(7 * 512)]);
        Assert.Equal(image[512..1024], image[(7 * 512)..(8 * 512)]);
        Assert.Equal(0x0FFFFFF8u, fat.FatEntry(0));
        Assert.Equal(0x0FFFFFFFu, fat.FatEntry(1));
        long fatBytes = fat.FatSectors * 512;
        Assert.Equal(image.AsSpan(32 * 512, (int)fatBytes).ToArray(), image.AsSpan((int)((32 * 512) + fatBytes), (int)fatBytes).ToArray());
    }

    [Fact]
    public void RootHasVolumeLabelFirst_SubdirectoriesHaveDotEntries_DotDotOfRootChildIsZero()
    {
        foreach (FatFileSystem fs in new[] { Sample().BuildSmallest(), Sample().BuildFat32(81920, 2048) })
        {
            var fat = new FatTestReader(FatFileSystemBuilderTests.Write(fs));
            List<FatTestReader.Entry> root = fat.ReadDirectory("");
            Assert.Equal("AURAE", root[0].ShortName);
            Assert.Equal(0x08, root[0].Attributes);
            Assert.Equal(new[] { "EFI", "EMPTY.TXT", "loader" }, root.Skip(1).Select(e => e.Name));

            FatTestReader.Entry efi = root.Single(e => e.Name == "EFI");
            List<FatTestReader.Entry> efiEntries = fat.ReadDirectory("EFI");
            Assert.Equal(".", efiEntries[0].ShortName);
            Assert.Equal(efi.FirstCluster, efiEntries[0].FirstCluster);
            Assert.Equal("..", efiEntries[1].ShortName);
            Assert.Equal(0u, efiEntries[1].FirstCluster);                           // parent is the root

            List<FatTestReader.Entry> boot = fat.ReadDirectory("EFI/BOOT");
            Assert.Equal(efi.FirstCluster, boot[1].FirstCluster);                   // parent is EFI
            Assert.Equal(new[] { "BOOTX64.EFI", "grub.cfg" }, boot.Skip(2).Select(e => e.Name));

            FatTestReader.Entry empty = root.Single(e => e.Name == "EMPTY.TXT");
            Assert.Equal(0u, empty.FirstCluster);
            Assert.Equal(0u, empty.Size);
            Assert.Equal(0x20, empty.Attributes);
            Assert.Equal(Pattern(5000), fat.ReadFile("EFI/BOOT/BOOTX64.EFI"));
        }
    }

    [Fact]
    public void LongNames_HaveChecksummedEntries_AndGeneratedShortNames()
    {
        var builder = new FatFileSystemBuilder("", 1, Time);
        builder.AddFile("LongName.efi", new byte[1]);
        builder.AddFile("longname.efi2", new byte[1]);
        builder.AddFile("LONGNAME.EF", new byte[1]);         // exact 8.3: no long entry
        builder.AddFile("LongNameOther.EFI", new byte[1]);
        builder.AddFile("a.b.c.txt", new byte[1]);
        builder.AddFile("with space.txt", new byte[1]);
        builder.AddFile("grub.cfg", new byte[1]);            // only case differs: long entry, no tail
        builder.AddFile("GRUB~1.CFG", new byte[1]);
        builder.AddFile("über.efi", new byte[1]);
        builder.AddFile(".hidden", new byte[1]);
        builder.AddFile("plus+sign", new byte[1]);

        var fat = new FatTestReader(FatFileSystemBuilderTests.Write(builder.BuildSmallest()));
        Dictionary<string, FatTestReader.Entry> entries = fat.ReadDirectory("").ToDictionary(e => e.Name);

        Assert.Equal("LONGNAME.EFI", entries["LongName.efi"].ShortName);      // fits 8.3: no tail, long entry keeps the case
        Assert.NotNull(entries["LongName.efi"].LongName);
        Assert.Equal("LONGNA~1.EFI", entries["longname.efi2"].ShortName);     // extension truncated: tail
        Assert.Equal("LONGNA~2.EFI", entries["LongNameOther.EFI"].ShortName); // sorted after it: next tail
        Assert.Null(entries["LONGNAME.EF"].LongName);
        Assert.Equal("ABC~1.TXT", entries["a.b.c.txt"].ShortName);
        Assert.Equal("WITHSP~1.TXT", entries["with space.txt"].ShortName);
        Assert.Equal("GRUB.CFG", entries["grub.cfg"].ShortName);
        Assert.Null(entries["GRUB~1.CFG"].LongName);
        Assert.Equal("_BER~1.EFI", entries["über.efi"].ShortName);
        Assert.Equal("HIDDEN~1", entries[".hidden"].ShortName);
        Assert.Equal("PLUS_S~1", entries["plus+sign"].ShortName);
        foreach (FatTestReader.Entry entry in entries.Values.Where(e => e.LongName is not null))
        {
            Assert.Equal(entry.ShortNameChecksum, entry.LongNameChecksum);
        }
    }

    [Fact]
    public void LongNameEntries_SpanThirteenCharacterParts_WithTerminatorAndPadding()
    {
        var builder = new FatFileSystemBuilder("", 1, Time);
        string name = "abcdefghijklmnopqrstuvwxyz0"; // 27 units: three entries, the last holding one unit + NUL + 0xFFFF
        builder.AddFile(name, new byte[1]);
        byte[] image = FatFileSystemBuilderTests.Write(builder.BuildSmallest());
        var fat = new FatTestReader(image);
        long root = (fat.ReservedSectors + (fat.FatCount * fat.FatSectors)) * 512;

        Assert.Equal(0x43, image[root]);             // ordinal 3 | LAST_LONG_ENTRY
        Assert.Equal(0x0F, image[root + 11]);
        Assert.Equal('0', (char)fat.U16(root + 1));
        Assert.Equal(0, fat.U16(root + 3));           // terminator
        Assert.Equal(0xFFFF, fat.U16(root + 5));      // padding
        Assert.Equal(0xFFFF, fat.U16(root + 30));
        Assert.Equal(0x02, image[root + 32]);
        Assert.Equal(0x01, image[root + 64]);
        Assert.Equal(name, fat.ReadDirectory("").Single().LongName);
    }

    [Fact]
    public void Timestamps_AreEncodedInUtc()
    {
        var fat = new FatTestReader(FatFileSystemBuilderTests.Write(Sample().BuildSmallest()));
        FatTestReader.Entry entry = fat.ReadDirectory("").Single(e => e.Name == "EMPTY.TXT");
        ushort date = (ushort)(((2023 - 1980) << 9) | (11 << 5) | 14);
        ushort time = (ushort)((22 << 11) | (13 << 5) | (21 / 2));
        Assert.Equal(date, entry.WriteDate);
        Assert.Equal(time, entry.WriteTime);
        Assert.Equal(date, entry.CreateDate);
        Assert.Equal(time, entry.CreateTime);
        Assert.Equal(137, entry.CreateTenths); // odd second (100) + 370 ms
        Assert.Equal(date, entry.AccessDate);

        var offset = new DateTimeOffset(2023, 11, 15, 0, 13, 21, 370, TimeSpan.FromHours(2));
        var shifted = new FatTestReader(FatFileSystemBuilderTests.Write(Sample(offset).BuildSmallest()));
        Assert.Equal(date, shifted.ReadDirectory("").Single(e => e.Name == "EMPTY.TXT").WriteDate);
    }

    [Fact]
    public void Timestamps_BeforeAndAfterFatsRange_AreClamped()
    {
        // The Unix epoch (SOURCE_DATE_EPOCH's default) becomes 1980-01-01 00:00:00.
        var early = new FatTestReader(FatFileSystemBuilderTests.Write(Sample(DateTimeOffset.UnixEpoch).BuildSmallest()));
        FatTestReader.Entry first = early.ReadDirectory("").Single(e => e.Name == "EMPTY.TXT");
        Assert.Equal((ushort)((1 << 5) | 1), first.WriteDate);
        Assert.Equal(0, first.WriteTime);
        Assert.Equal(0, first.CreateTenths);

        var late = new FatTestReader(FatFileSystemBuilderTests.Write(Sample(new DateTimeOffset(2200, 6, 1, 0, 0, 0, TimeSpan.Zero)).BuildSmallest()));
        FatTestReader.Entry last = late.ReadDirectory("").Single(e => e.Name == "EMPTY.TXT");
        Assert.Equal((ushort)((127 << 9) | (12 << 5) | 31), last.WriteDate);
        Assert.Equal((ushort)((23 << 11) | (59 << 5) | 29), last.WriteTime);
    }

    [Fact]
    public void Chains_AreContiguousAndEndWithEndOfChain()
    {
        var builder = new FatFileSystemBuilder("", 1, Time);
        builder.AddFile("A.BIN", Pattern(512 * 3));
        builder.AddFile("B.BIN", Pattern((512 * 3) + 1));
        FatFileSystem fs = builder.BuildFat32(70_000, 0);
        Assert.Equal(1, fs.SectorsPerCluster);
        var fat = new FatTestReader(FatFileSystemBuilderTests.Write(fs));

        Assert.Equal(new uint[] { 2 }, fat.Chain(2)); // root
        FatTestReader.Entry a = fat.ReadDirectory("").Single(e => e.Name == "A.BIN");
        FatTestReader.Entry b = fat.ReadDirectory("").Single(e => e.Name == "B.BIN");
        Assert.Equal(new uint[] { 3, 4, 5 }, fat.Chain(a.FirstCluster));
        Assert.Equal(new uint[] { 6, 7, 8, 9 }, fat.Chain(b.FirstCluster));
        Assert.Equal(0x0FFFFFFFu, fat.FatEntry(9));
        Assert.Equal(0u, fat.FatEntry(10));
    }

    [Fact]
    public void SameInputs_GiveIdenticalImages()
    {
        Assert.Equal(FatFileSystemBuilderTests.Write(Sample().BuildSmallest()), FatFileSystemBuilderTests.Write(Sample().BuildSmallest()));
        Assert.Equal(FatFileSystemBuilderTests.Write(Sample().BuildFat32(81920, 2048)), FatFileSystemBuilderTests.Write(Sample().BuildFat32(81920, 2048)));

        // Insertion order does not matter either.
        var reversed = new FatFileSystemBuilder("Aurae", 0xCAFEF00D, Time);
        reversed.AddFile("EMPTY.TXT", Array.Empty<byte>());
        reversed.AddFile("loader/entries/a very long file name.conf", "title Aurae\n"u8.ToArray());
        reversed.AddFile("EFI/BOOT/grub.cfg", "set timeout=0\n"u8.ToArray());
        reversed.AddFile("EFI/BOOT/BOOTX64.EFI", Pattern(5000));
        Assert.Equal(FatFileSystemBuilderTests.Write(Sample().BuildSmallest()), FatFileSystemBuilderTests.Write(reversed.BuildSmallest()));
    }

    [Fact]
    public void Smallest_HasNoFreeClusters_AndIsSmallerThanAnyLargerClusterChoice()
    {
        FatFileSystem fs = Sample().BuildSmallest();
        Assert.Equal(0, fs.FreeClusterCount);
        Assert.Equal(0u, fs.HiddenSectors);
        Assert.Equal(fs.TotalSectors * 512, fs.Length);
    }
}
