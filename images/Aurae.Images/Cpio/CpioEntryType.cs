namespace Aurae.Images.Cpio;

/// <summary>
/// The kind of a cpio entry. Values are the POSIX <c>S_IF*</c> file-type bits (octal in comments)
/// as stored in the upper bits of the newc <c>c_mode</c> field.
/// </summary>
public enum CpioEntryType
{
    /// <summary>S_IFIFO, 0010000.</summary>
    Fifo = 0x1000,

    /// <summary>S_IFCHR, 0020000.</summary>
    CharacterDevice = 0x2000,

    /// <summary>S_IFDIR, 0040000.</summary>
    Directory = 0x4000,

    /// <summary>S_IFBLK, 0060000.</summary>
    BlockDevice = 0x6000,

    /// <summary>S_IFREG, 0100000.</summary>
    RegularFile = 0x8000,

    /// <summary>S_IFLNK, 0120000.</summary>
    SymbolicLink = 0xA000,

    /// <summary>S_IFSOCK, 0140000.</summary>
    Socket = 0xC000,
}
