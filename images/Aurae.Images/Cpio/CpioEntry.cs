using Aurae.Images.Reproducibility;

namespace Aurae.Images.Cpio;

/// <summary>
/// One member of a cpio archive. Created only through the static factories, which validate the path
/// and the type-specific fields; <see cref="Uid"/>, <see cref="Gid"/> and <see cref="ModificationTime"/>
/// are set with a <c>with</c> expression, e.g. <c>CpioEntry.Directory("root", mode) with { Uid = 0 }</c>.
/// </summary>
public sealed record CpioEntry
{
    /// <summary>The permission bits newc can carry (rwx for all, setuid, setgid, sticky).</summary>
    private const UnixFileMode PermissionMask = (UnixFileMode)0xFFF;

    /// <summary>Permissions recorded for symbolic links, whose own mode Linux ignores.</summary>
    private const UnixFileMode SymbolicLinkMode = (UnixFileMode)0x1FF; // 0777

    private CpioEntry(string path, string paramName, CpioEntryType entryType, UnixFileMode mode)
    {
        EncodedPath = CpioPath.ValidateAndEncode(path, paramName);
        if ((mode & ~PermissionMask) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode,
                $"Mode for '{path}' has bits outside the 12 permission bits (0o7777); the entry type supplies the file-type bits.");
        }

        Path = path;
        EntryType = entryType;
        Mode = mode;
    }

    /// <summary>The path inside the archive, relative, without a leading '/'.</summary>
    public string Path { get; }

    /// <summary>The kind of entry; fixes the file-type bits of the mode field.</summary>
    public CpioEntryType EntryType { get; }

    /// <summary>Permission bits, including setuid/setgid/sticky.</summary>
    public UnixFileMode Mode { get; }

    /// <summary>Owner user id; 0 (root) unless set.</summary>
    public uint Uid { get; init; }

    /// <summary>Owner group id; 0 (root) unless set.</summary>
    public uint Gid { get; init; }

    /// <summary>
    /// Modification time, whole seconds (the fraction is dropped). Defaults to the fixed
    /// <see cref="SourceDateEpoch.Default"/> so archives are reproducible; a build passes its own time (the
    /// library never reads it from the environment). Must fit newc's unsigned 32-bit field: 1970-01-01 to 2106-02-07.
    /// </summary>
    public DateTimeOffset ModificationTime
    {
        get;
        init
        {
            _ = ToUnixSeconds(value, nameof(ModificationTime));
            field = value;
        }
    } = SourceDateEpoch.Default;

    /// <summary>Number of data bytes: file contents, or the UTF-8 link target for symbolic links; else 0.</summary>
    public long DataLength { get; private init; }

    /// <summary>The target of a symbolic link; null for other types.</summary>
    public string? LinkTarget { get; private init; }

    /// <summary>Major number of a character or block device; 0 for other types.</summary>
    public uint DeviceMajor { get; private init; }

    /// <summary>Minor number of a character or block device; 0 for other types.</summary>
    public uint DeviceMinor { get; private init; }

    /// <summary>UTF-8 of <see cref="Path"/>, without the terminating NUL.</summary>
    internal byte[] EncodedPath { get; }

    /// <summary>A directory.</summary>
    public static CpioEntry Directory(string path, UnixFileMode mode) =>
        new(path, nameof(path), CpioEntryType.Directory, mode);

    /// <summary>A regular file whose contents are in memory.</summary>
    public static CpioEntry File(string path, UnixFileMode mode, ReadOnlyMemory<byte> data) =>
        new(path, nameof(path), CpioEntryType.RegularFile, mode)
        {
            DataLength = data.Length,
            InlineData = data,
        };

    /// <summary>
    /// A regular file whose contents are streamed when the entry is written, for files too large to
    /// hold in memory. <paramref name="openData"/> is called once per write and the stream it returns is
    /// disposed by the writer; it must yield exactly <paramref name="length"/> bytes.
    /// </summary>
    public static CpioEntry File(string path, UnixFileMode mode, Func<Stream> openData, long length)
    {
        ArgumentNullException.ThrowIfNull(openData);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        // newc stores the size in 8 hex digits.
        if (length > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"File '{path}' is larger than the 4 GiB - 1 that a newc header can describe.");
        }

        return new CpioEntry(path, nameof(path), CpioEntryType.RegularFile, mode)
        {
            DataLength = length,
            OpenData = openData,
        };
    }

    /// <summary>A symbolic link; the target may be absolute or relative and is stored as the entry's data.</summary>
    public static CpioEntry SymbolicLink(string path, string target)
    {
        byte[] encodedTarget = CpioPath.ValidateAndEncodeLinkTarget(target, nameof(target));
        return new CpioEntry(path, nameof(path), CpioEntryType.SymbolicLink, SymbolicLinkMode)
        {
            LinkTarget = target,
            DataLength = encodedTarget.Length,
            InlineData = encodedTarget,
        };
    }

    /// <summary>A character device node, e.g. <c>dev/console</c> is major 5, minor 1.</summary>
    public static CpioEntry CharacterDevice(string path, UnixFileMode mode, uint major, uint minor) =>
        new(path, nameof(path), CpioEntryType.CharacterDevice, mode) { DeviceMajor = major, DeviceMinor = minor };

    /// <summary>A block device node.</summary>
    public static CpioEntry BlockDevice(string path, UnixFileMode mode, uint major, uint minor) =>
        new(path, nameof(path), CpioEntryType.BlockDevice, mode) { DeviceMajor = major, DeviceMinor = minor };

    /// <summary>A named pipe.</summary>
    public static CpioEntry Fifo(string path, UnixFileMode mode) =>
        new(path, nameof(path), CpioEntryType.Fifo, mode);

    /// <summary>A socket node.</summary>
    public static CpioEntry Socket(string path, UnixFileMode mode) =>
        new(path, nameof(path), CpioEntryType.Socket, mode);

    /// <summary>The newc <c>c_mode</c> value: file-type bits plus permission bits.</summary>
    internal uint RawMode => (uint)EntryType | (uint)Mode;

    /// <summary><see cref="ModificationTime"/> as the unsigned seconds newc stores.</summary>
    internal uint ModificationTimeSeconds => ToUnixSeconds(ModificationTime, nameof(ModificationTime));

    /// <summary>Contents held in memory (files and symlink targets); empty when streamed or absent.</summary>
    internal ReadOnlyMemory<byte> InlineData { get; private init; }

    /// <summary>Opens the contents of a streamed file; null for in-memory contents.</summary>
    internal Func<Stream>? OpenData { get; private init; }

    /// <inheritdoc />
    public override string ToString() => EntryType switch
    {
        CpioEntryType.SymbolicLink => $"{EntryType} {Path} -> {LinkTarget}",
        CpioEntryType.CharacterDevice or CpioEntryType.BlockDevice =>
            $"{EntryType} {Path} ({DeviceMajor}, {DeviceMinor}) mode {Convert.ToString((int)Mode, 8)}",
        _ => $"{EntryType} {Path} mode {Convert.ToString((int)Mode, 8)}, {DataLength} bytes",
    };

    /// <summary>
    /// Value equality on what would be written: metadata and in-memory contents compared by value;
    /// streamed contents compared by the identity of their opener (the data is not read).
    /// </summary>
    public bool Equals(CpioEntry? other) =>
        other is not null
        && Path == other.Path
        && EntryType == other.EntryType
        && Mode == other.Mode
        && Uid == other.Uid
        && Gid == other.Gid
        && ModificationTime == other.ModificationTime
        && DataLength == other.DataLength
        && DeviceMajor == other.DeviceMajor
        && DeviceMinor == other.DeviceMinor
        && OpenData == other.OpenData
        && InlineData.Span.SequenceEqual(other.InlineData.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Path, EntryType, Mode, Uid, Gid, ModificationTime, DataLength);

    private static uint ToUnixSeconds(DateTimeOffset time, string paramName)
    {
        long seconds = time.ToUnixTimeSeconds();
        if (seconds < 0 || seconds > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(paramName, time,
                "A cpio (newc) modification time must lie between 1970-01-01 and 2106-02-07 (unsigned 32-bit seconds).");
        }

        return (uint)seconds;
    }
}
