using Aurae.Images.IO;

namespace Aurae.Images.Cpio;

/// <summary>
/// One 110-byte "newc" (SVR4, no CRC) header. Layout as specified by the Linux kernel in
/// Documentation/driver-api/early-userspace/buffer-format.rst: the magic "070701" followed by
/// 13 fields of 8 ASCII hex digits, in the order below.
/// </summary>
internal readonly record struct CpioNewcHeader(
    uint Ino,
    uint Mode,
    uint Uid,
    uint Gid,
    uint NLink,
    uint MTime,
    uint FileSize,
    uint DevMajor,
    uint DevMinor,
    uint RDevMajor,
    uint RDevMinor,
    uint NameSize,
    uint Check)
{
    // --- Layout (buffer-format.rst). Every number of the format appears once, here. ---
    public static ReadOnlySpan<byte> Magic => "070701"u8;
    public const int MagicLength = 6;
    public const int FieldLength = 8;

    public const int InoOffset = MagicLength;
    public const int ModeOffset = InoOffset + FieldLength;
    public const int UidOffset = ModeOffset + FieldLength;
    public const int GidOffset = UidOffset + FieldLength;
    public const int NLinkOffset = GidOffset + FieldLength;
    public const int MTimeOffset = NLinkOffset + FieldLength;
    public const int FileSizeOffset = MTimeOffset + FieldLength;
    public const int DevMajorOffset = FileSizeOffset + FieldLength;
    public const int DevMinorOffset = DevMajorOffset + FieldLength;
    public const int RDevMajorOffset = DevMinorOffset + FieldLength;
    public const int RDevMinorOffset = RDevMajorOffset + FieldLength;
    public const int NameSizeOffset = RDevMinorOffset + FieldLength;
    public const int CheckOffset = NameSizeOffset + FieldLength;

    /// <summary>110 bytes.</summary>
    public const int Length = CheckOffset + FieldLength;

    /// <summary>The header+name and the data are each padded with NULs to this boundary.</summary>
    public const int Alignment = 4;

    /// <summary>Name of the entry that ends an archive (and resets the kernel's hard-link table).</summary>
    public const string TrailerName = "TRAILER!!!";

    /// <summary>
    /// The kernel's PATH_MAX: it ignores entries whose namesize (including the NUL) exceeds this
    /// and refuses symlink targets longer than this.
    /// </summary>
    public const int PathMax = 4096;

    /// <summary>Number of NUL bytes needed after <paramref name="length"/> bytes to reach <see cref="Alignment"/>.</summary>
    public static int PaddingFor(long length) => (int)ZeroFill.PaddingFor(length, Alignment);

    /// <summary>The header for the trailer entry; nlink 1 as the kernel's gen_init_cpio and GNU cpio write it.</summary>
    public static CpioNewcHeader Trailer(uint nameSize) => new(
        Ino: 0, Mode: 0, Uid: 0, Gid: 0, NLink: 1, MTime: 0, FileSize: 0,
        DevMajor: 0, DevMinor: 0, RDevMajor: 0, RDevMinor: 0, NameSize: nameSize, Check: 0);

    /// <summary>Writes the 110 header bytes into the start of <paramref name="destination"/>.</summary>
    public void Encode(Span<byte> destination)
    {
        Span<byte> header = destination[..Length];
        Magic.CopyTo(header);
        WriteHex(header, InoOffset, Ino);
        WriteHex(header, ModeOffset, Mode);
        WriteHex(header, UidOffset, Uid);
        WriteHex(header, GidOffset, Gid);
        WriteHex(header, NLinkOffset, NLink);
        WriteHex(header, MTimeOffset, MTime);
        WriteHex(header, FileSizeOffset, FileSize);
        WriteHex(header, DevMajorOffset, DevMajor);
        WriteHex(header, DevMinorOffset, DevMinor);
        WriteHex(header, RDevMajorOffset, RDevMajor);
        WriteHex(header, RDevMinorOffset, RDevMinor);
        WriteHex(header, NameSizeOffset, NameSize);
        WriteHex(header, CheckOffset, Check);
    }

    // Upper case, zero padded: what the kernel's usr/gen_init_cpio emits ("%08X"); the kernel parses either case.
    private static ReadOnlySpan<byte> HexDigits => "0123456789ABCDEF"u8;

    private static void WriteHex(Span<byte> header, int offset, uint value)
    {
        Span<byte> field = header.Slice(offset, FieldLength);
        for (int i = FieldLength - 1; i >= 0; i--)
        {
            field[i] = HexDigits[(int)(value & 0xF)];
            value >>= 4;
        }
    }
}
