using System.Text;
using Aurae.Images.Cpio;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Cpio;

public sealed class CpioWriterTests
{
    private static readonly DateTimeOffset FixedTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode755 = (UnixFileMode)0x1ED;

    private static byte[] Write(Action<CpioWriter> write, int? alignment = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = alignment is { } a ? new CpioWriter(buffer, leaveOpen: true) { ArchiveAlignment = a } : new CpioWriter(buffer, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    [Fact]
    public void KnownFileEntry_ProducesExactBytes()
    {
        CpioEntry entry = CpioEntry.File("hi", Mode644, "abc"u8.ToArray()) with
        {
            Uid = 1000,
            Gid = 100,
            ModificationTime = FixedTime,
        };

        byte[] archive = Write(w => w.WriteEntry(entry));

        // Hand-computed: 0644 regular file = 0100644 = 0x81A4; 1000 = 0x3E8; 100 = 0x64; 1700000000 = 0x6553F100.
        string expected =
            "070701" + "00000001" + "000081A4" + "000003E8" + "00000064" + "00000001" + "6553F100" + "00000003" +
            "00000000" + "00000000" + "00000000" + "00000000" + "00000003" + "00000000" +
            "hi\0" + "\0\0\0" + // 110 + 3 = 113 -> padded to 116
            "abc" + "\0" + // 3 -> padded to 4
            "070701" + "00000000" + "00000000" + "00000000" + "00000000" + "00000001" + "00000000" + "00000000" +
            "00000000" + "00000000" + "00000000" + "00000000" + "0000000B" + "00000000" +
            "TRAILER!!!\0" + "\0\0\0"; // 110 + 11 = 121 -> 124
        Assert.Equal(244, expected.Length);
        Assert.Equal(expected, Encoding.ASCII.GetString(archive));
    }

    [Fact]
    public void DirectoryAndDevice_HaveTypeBitsLinkCountAndDeviceNumbers()
    {
        byte[] archive = Write(w =>
        {
            w.WriteEntry(CpioEntry.Directory("dev", Mode755) with { ModificationTime = FixedTime });
            w.WriteEntry(CpioEntry.CharacterDevice("dev/console", UnixFileMode.UserRead | UnixFileMode.UserWrite, 5, 1));
            w.WriteEntry(CpioEntry.BlockDevice("dev/sda", Mode644, 8, 0));
            w.WriteEntry(CpioEntry.Fifo("dev/fifo", Mode644));
            w.WriteEntry(CpioEntry.Socket("dev/sock", Mode644));
        });

        List<NewcReader.Record> records = NewcReader.Parse(archive);
        Assert.Equal(0x41EDu, records[0].Mode); // 040755
        Assert.Equal(2u, records[0].NLink);
        Assert.Equal(0x2180u, records[1].Mode); // 020600
        Assert.Equal((5u, 1u), (records[1].RDevMajor, records[1].RDevMinor));
        Assert.Equal(1u, records[1].NLink);
        Assert.Equal(0u, records[1].FileSize);
        Assert.Equal(0x61A4u, records[2].Mode); // 060644
        Assert.Equal((8u, 0u), (records[2].RDevMajor, records[2].RDevMinor));
        Assert.Equal(0x11A4u, records[3].Mode); // 010644
        Assert.Equal(0xC1A4u, records[4].Mode); // 0140644
    }

    [Fact]
    public void SymbolicLink_StoresTargetAsData()
    {
        byte[] archive = Write(w => w.WriteEntry(CpioEntry.SymbolicLink("bin/sh", "busybox")));

        NewcReader.Record link = NewcReader.Parse(archive)[0];
        Assert.Equal(0xA1FFu, link.Mode); // 0120777
        Assert.Equal(7u, link.FileSize);
        Assert.Equal("busybox", Encoding.UTF8.GetString(link.Data));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void NamesAndDataOfEveryLengthModFour_ArePadded(int dataLength)
    {
        string[] names = ["a", "ab", "abc", "abcd", "abcde"];
        byte[] archive = Write(w =>
        {
            foreach (string name in names)
            {
                w.WriteEntry(CpioEntry.File(name, Mode644, Enumerable.Repeat((byte)'x', dataLength).ToArray()));
            }
        });

        // The reader asserts every record starts 4-aligned and that all padding is NUL.
        List<NewcReader.Record> records = NewcReader.Parse(archive);
        Assert.Equal([.. names, "TRAILER!!!"], records.Select(r => r.Name));
        Assert.All(records.SkipLast(1), r => Assert.Equal(dataLength, r.Data.Length));
        Assert.Equal(0, archive.Length % 4);
    }

    [Fact]
    public void InodeNumbers_AreUniqueNonZeroAndSequential()
    {
        byte[] archive = Write(w =>
        {
            for (int i = 0; i < 100; i++)
            {
                w.WriteEntry(CpioEntry.File($"f{i}", Mode644, new byte[i % 7]));
            }
        });

        List<NewcReader.Record> entries = NewcReader.Parse(archive).SkipLast(1).ToList();
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (uint)i), entries.Select(e => e.Ino));
        Assert.All(entries, e => Assert.Equal(0u, e.Check));
    }

    [Fact]
    public void EmptyArchive_IsJustTheTrailer()
    {
        byte[] archive = Write(_ => { });

        NewcReader.Record trailer = Assert.Single(NewcReader.Parse(archive));
        Assert.Equal("TRAILER!!!", trailer.Name);
        Assert.Equal(0u, trailer.FileSize);
        Assert.Equal(124, archive.Length);
    }

    [Fact]
    public void Trailer_EndsArchive_AndGnuAlignmentPadsTo512()
    {
        byte[] archive = Write(w => w.WriteEntry(CpioEntry.File("x", Mode644, new byte[3])), CpioWriter.GnuCpioBlockSize);

        Assert.Equal(512, archive.Length);
        List<NewcReader.Record> records = NewcReader.Parse(archive);
        Assert.Equal("TRAILER!!!", records[^1].Name);
        long trailerEnd = records[^1].Offset + 124;
        Assert.All(archive.AsSpan((int)trailerEnd).ToArray(), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(6)]
    public void ArchiveAlignment_MustBePositiveMultipleOfFour(int alignment)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpioWriter(new MemoryStream()) { ArchiveAlignment = alignment });
    }

    [Fact]
    public void StreamedFile_IsCopiedAndItsStreamDisposed()
    {
        byte[] content = Enumerable.Range(0, 200_001).Select(i => (byte)(i * 31)).ToArray();
        var source = new MemoryStream(content);
        byte[] archive = Write(w => w.WriteEntry(CpioEntry.File("big", Mode644, () => source, content.Length)));

        Assert.Equal(content, NewcReader.Parse(archive)[0].Data);
        Assert.False(source.CanRead, "The writer should dispose the stream it opened.");
    }

    [Theory]
    [InlineData(9)]
    [InlineData(11)]
    public void StreamedFile_WithWrongLength_Throws(int actualLength)
    {
        CpioEntry entry = CpioEntry.File("wrong", Mode644, () => new MemoryStream(new byte[actualLength]), 10);
        using var writer = new CpioWriter(new MemoryStream());

        var exception = Assert.Throws<InvalidDataException>(() => writer.WriteEntry(entry));
        Assert.Contains("'wrong'", exception.Message);
    }

    [Fact]
    public async Task AsyncWriting_ProducesTheSameBytesAsSyncWriting()
    {
        CpioEntry[] entries =
        [
            CpioEntry.Directory("etc", Mode755),
            CpioEntry.File("etc/motd", Mode644, "hello\n"u8.ToArray()),
            CpioEntry.File("etc/big", Mode644, () => new MemoryStream(new byte[70_001]), 70_001),
            CpioEntry.SymbolicLink("etc/link", "motd"),
        ];
        byte[] sync = Write(w => Array.ForEach(entries, w.WriteEntry), 512);

        using var buffer = new MemoryStream();
        await using (var writer = new CpioWriter(buffer, leaveOpen: true) { ArchiveAlignment = 512 })
        {
            foreach (CpioEntry entry in entries)
            {
                await writer.WriteEntryAsync(entry);
            }
        }

        Assert.Equal(sync, buffer.ToArray());
    }

    [Fact]
    public void LeaveOpen_ControlsOutputDisposal()
    {
        var kept = new MemoryStream();
        new CpioWriter(kept, leaveOpen: true).Dispose();
        Assert.True(kept.CanWrite);

        var closed = new MemoryStream();
        new CpioWriter(closed).Dispose();
        Assert.False(closed.CanWrite);
    }

    [Fact]
    public void WritingAfterDispose_Throws()
    {
        var writer = new CpioWriter(new MemoryStream());
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.WriteEntry(CpioEntry.Directory("d", Mode755)));
    }

    [Fact]
    public void Position_TracksBytesWritten()
    {
        using var buffer = new MemoryStream();
        var writer = new CpioWriter(buffer, leaveOpen: true);
        writer.WriteEntry(CpioEntry.File("hi", Mode644, "abc"u8.ToArray()));
        Assert.Equal(120, writer.Position);
        writer.Dispose();
        Assert.Equal(buffer.Length, writer.Position);
    }
}
