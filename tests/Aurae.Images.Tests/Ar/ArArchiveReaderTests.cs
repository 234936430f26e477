using System.Text;
using Aurae.Images.Ar;
using Aurae.Images.Tests.TestSupport;
using Aurae.Testing.Ar;

namespace Aurae.Images.Tests.Ar;

public sealed class ArArchiveReaderTests
{
    // ar(5): 8-byte global header, 60-byte member headers.
    private const int GlobalHeaderLength = 8;
    private const int MemberHeaderLength = 60;

    private static readonly byte[] ThreeMembers = ArArchiveBuilder.Build(
        ("debian-binary", "2.0\n"u8.ToArray()),
        ("odd", "abc"u8.ToArray()),
        ("data.tar.xz", "0123456789"u8.ToArray()));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_members_in_order_with_names_sizes_and_data(bool seekable)
    {
        using var reader = Reader(ThreeMembers, seekable);

        var members = reader.ReadMembers().Select(m => (m.Name, m.Size, Data: ReadAll(m.Data))).ToList();

        Assert.Equal(
            [("debian-binary", 4L, "2.0\n"), ("odd", 3L, "abc"), ("data.tar.xz", 10L, "0123456789")],
            members);
    }

    [Fact]
    public void Reports_header_and_data_offsets_from_the_archive_start()
    {
        using var reader = Reader(ThreeMembers, seekable: true);

        var members = reader.ReadMembers().Select(m => (m.HeaderOffset, m.DataOffset)).ToList();

        // The odd-sized member "odd" (3 bytes) is followed by one padding byte.
        var second = GlobalHeaderLength + MemberHeaderLength + 4;
        var third = second + MemberHeaderLength + 4;
        Assert.Equal(
            [
                (GlobalHeaderLength, GlobalHeaderLength + MemberHeaderLength),
                (second, second + MemberHeaderLength),
                (third, third + MemberHeaderLength),
            ],
            members.Select(m => ((int)m.HeaderOffset, (int)m.DataOffset)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Skips_what_the_caller_left_unread(bool seekable)
    {
        using var reader = Reader(ThreeMembers, seekable);

        var first = reader.ReadNextMember()!;
        Assert.Equal((byte)'2', first.Data.ReadByte());
        _ = reader.ReadNextMember();
        var third = reader.ReadNextMember()!;

        Assert.Equal("data.tar.xz", third.Name);
        Assert.Equal("0123456789", ReadAll(third.Data));
        Assert.Null(reader.ReadNextMember());
    }

    [Fact]
    public void Strips_the_gnu_slash_and_space_padding_from_names()
    {
        var archive = Concat("!<arch>\n"u8.ToArray(), Header("plain           ", 0), Header("gnu/            ", 0));
        using var reader = Reader(archive, seekable: true);

        Assert.Equal(["plain", "gnu"], reader.ReadMembers().Select(m => m.Name));
    }

    [Fact]
    public void An_archive_without_members_is_empty()
    {
        using var reader = Reader("!<arch>\n"u8.ToArray(), seekable: true);

        Assert.Empty(reader.ReadMembers());
    }

    [Fact]
    public void Rejects_a_file_without_the_ar_magic()
    {
        using var reader = Reader("PK\x03\x04 this is a zip"u8.ToArray(), seekable: true);

        var error = Assert.Throws<ArArchiveException>(() => reader.ReadNextMember());

        Assert.Equal("test.ar: not an ar archive (missing the \"!<arch>\\n\" header at offset 0)", error.Message);
    }

    [Fact]
    public void Reports_a_member_cut_short_with_its_name_and_offset_before_reading_it()
    {
        var archive = ThreeMembers[..^4];
        using var reader = Reader(archive, seekable: true);
        _ = reader.ReadNextMember();
        _ = reader.ReadNextMember();

        var error = Assert.Throws<ArArchiveException>(() => reader.ReadNextMember());

        var offset = GlobalHeaderLength + 2 * (MemberHeaderLength + 4);
        Assert.Equal($"test.ar: truncated member 'data.tar.xz' at offset {offset} (header says 10 bytes, 6 available)", error.Message);
    }

    [Fact]
    public void Reports_a_member_cut_short_while_streaming_an_unseekable_archive()
    {
        var archive = ThreeMembers[..^4];
        using var reader = Reader(archive, seekable: false);
        _ = reader.ReadNextMember();
        _ = reader.ReadNextMember();
        var third = reader.ReadNextMember()!;

        var error = Assert.Throws<ArArchiveException>(() => ReadAll(third.Data));

        Assert.Contains("truncated member 'data.tar.xz' at offset 136", error.Message);
        Assert.Contains("6 available", error.Message);
    }

    [Fact]
    public void Reports_a_cut_member_header()
    {
        var archive = ThreeMembers[..(GlobalHeaderLength + 20)];
        using var reader = Reader(archive, seekable: true);

        var error = Assert.Throws<ArArchiveException>(() => reader.ReadNextMember());

        Assert.Equal("test.ar: truncated member header at offset 8 (20 of 60 bytes)", error.Message);
    }

    [Fact]
    public void Rejects_a_header_without_its_terminator()
    {
        var archive = ThreeMembers.ToArray();
        archive[GlobalHeaderLength + MemberHeaderLength - 2] = (byte)'X';
        using var reader = Reader(archive, seekable: true);

        var error = Assert.Throws<ArArchiveException>(() => reader.ReadNextMember());

        Assert.Contains("bad member header at offset 8", error.Message);
    }

    [Fact]
    public void Rejects_a_non_numeric_size()
    {
        var archive = Concat("!<arch>\n"u8.ToArray(), Header("x/              ", 0, size: "12a       "));
        using var reader = Reader(archive, seekable: true);

        var error = Assert.Throws<ArArchiveException>(() => reader.ReadNextMember());

        Assert.Equal("test.ar: member 'x' at offset 8 has an invalid size field \"12a\"", error.Message);
    }

    [Fact]
    public void Opens_an_archive_file_and_names_it_in_errors()
    {
        using var directory = new TempDirectory();
        var path = directory.File("broken.deb", "not an archive"u8.ToArray());
        using var reader = ArArchiveReader.Open(path);

        var error = Assert.Throws<ArArchiveException>(() => reader.ReadNextMember());

        Assert.StartsWith(path + ": not an ar archive", error.Message);
        Assert.Equal(path, error.SourceName);
    }

    private static ArArchiveReader Reader(byte[] archive, bool seekable)
    {
        Stream stream = new MemoryStream(archive, writable: false);
        return new ArArchiveReader(seekable ? stream : new NonSeekableStream(stream), "test.ar");
    }

    private static string ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Encoding.ASCII.GetString(copy.ToArray());
    }

    private static byte[] Header(string name, int dataLength, string? size = null) =>
        Encoding.ASCII.GetBytes($"{name}{"0",-12}{"0",-6}{"0",-6}{"100644",-8}{size ?? dataLength.ToString().PadRight(10)}`\n");

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
