namespace Aurae.Images.Iso;

/// <summary>
/// Builds an ISO 9660 image (ECMA-119) with Rock Ridge names and attributes (RRIP 1.12), optionally bootable
/// through El Torito (BIOS no-emulation and/or EFI) and as a disk (isohybrid MBR and GPT). Add files and
/// directories, set the boot options, then <see cref="WriteTo"/>. Output depends only on the inputs: every time is
/// the constructor's timestamp, identifiers and order are derived from the names, GUIDs come from the options.
/// </summary>
/// <remarks>
/// Names are kept readable by every reader: ISO 9660 level 2 identifiers (upper-cased d-characters, "NAME.EXT;1")
/// plus the original name in Rock Ridge NM. Directory depth is not limited to ECMA-119's eight levels (Linux,
/// libisofs and ISOLINUX read deeper trees; no Rock Ridge relocation is done).
/// </remarks>
public sealed class IsoImageBuilder
{
    /// <summary>Permissions of files added without a mode: rw-r--r--.</summary>
    public const UnixFileMode DefaultFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Permissions of directories created without a mode (including implied parents): rwxr-xr-x.</summary>
    public const UnixFileMode DefaultDirectoryMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Largest file: the Data Length field of a directory record is 32 bits (ECMA-119 §9.1.4).</summary>
    public const long MaxFileLength = uint.MaxValue;

    /// <summary>The permission bits Rock Ridge PX carries (rwx for all, setuid, setgid, sticky).</summary>
    private const UnixFileMode PermissionMask = (UnixFileMode)0xFFF; // 0o7777

    private readonly IsoTreeDirectory _root = new(string.Empty, DefaultDirectoryMode, isExplicit: true);

    /// <summary>
    /// Starts an empty image. <paramref name="volumeIdentifier"/>: up to 32 upper-case a-characters (A-Z, 0-9, space
    /// and <c>_!"%&amp;'()*+,-./:;&lt;=&gt;?</c>, ECMA-119 §7.4.1); <paramref name="timestamp"/>: every date in the image
    /// (the build's time, e.g. a parsed SOURCE_DATE_EPOCH), years 1900-2155.
    /// </summary>
    public IsoImageBuilder(string volumeIdentifier, DateTimeOffset timestamp)
    {
        VolumeIdentifier = ValidateVolumeIdentifier(volumeIdentifier);
        Timestamp = IsoDateTime.Validate(timestamp, nameof(timestamp));
    }

    /// <summary>The Volume Identifier of the Primary Volume Descriptor (the label Linux and firmware show).</summary>
    public string VolumeIdentifier { get; }

    /// <summary>The time recorded for the volume and every file and directory.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The El Torito BIOS boot entry; null for none.</summary>
    public ElToritoBiosBoot? BiosBoot { get; set; }

    /// <summary>The El Torito EFI boot entry; null for none. Without <see cref="BiosBoot"/> the catalog is not listed in the tree.</summary>
    public ElToritoEfiBoot? EfiBoot { get; set; }

    /// <summary>isohybrid MBR and GPT, so the image also boots written to a disk; needs <see cref="BiosBoot"/>. Null for a plain CD image.</summary>
    public IsoHybridOptions? Hybrid { get; set; }

    /// <summary>
    /// Adds a file whose content is in memory, e.g. "isolinux/isolinux.bin"; missing parent directories are
    /// implied. Throws <see cref="ArgumentException"/> for an invalid or repeated path.
    /// </summary>
    public void AddFile(string path, ReadOnlyMemory<byte> content, UnixFileMode? mode = null) =>
        Add(path, nameof(path), name => new IsoTreeFile(name, ValidateMode(mode, DefaultFileMode), IsoFileContent.FromMemory(content)));

    /// <summary>
    /// Adds a file read from <paramref name="openContent"/> while the image is written (streamed through a bounded
    /// buffer; opened again for a patched boot file). The stream must yield exactly <paramref name="length"/> bytes.
    /// </summary>
    public void AddFile(string path, Func<Stream> openContent, long length, UnixFileMode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(openContent);
        if (length is < 0 or > MaxFileLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A file holds 0 to {MaxFileLength} bytes (ECMA-119 §9.1.4 Data Length is 32 bits).");
        }

        Add(path, nameof(path), name => new IsoTreeFile(name, ValidateMode(mode, DefaultFileMode), IsoFileContent.FromStream(openContent, length)));
    }

    /// <summary>
    /// Adds a directory (parents implied). Giving a directory that was implied by an earlier path sets its mode;
    /// adding the same directory twice, or a path already used by a file, throws <see cref="ArgumentException"/>.
    /// </summary>
    public void AddDirectory(string path, UnixFileMode? mode = null)
    {
        UnixFileMode directoryMode = ValidateMode(mode, DefaultDirectoryMode);
        string[] names = IsoPath.Split(path, nameof(path));
        IsoTreeDirectory parent = EnsureParents(path, names);
        if (parent.Children.TryGetValue(names[^1], out IsoTreeNode? existing))
        {
            if (existing is IsoTreeDirectory { IsExplicit: false } implied)
            {
                implied.IsExplicit = true;
                implied.Mode = directoryMode;
                return;
            }

            throw Duplicate(path, existing);
        }

        parent.Children.Add(names[^1], new IsoTreeDirectory(names[^1], directoryMode, isExplicit: true));
    }

    /// <summary>Whether a file or directory (added or implied) exists at <paramref name="path"/>.</summary>
    public bool Contains(string path)
    {
        IsoTreeNode node = _root;
        foreach (string name in IsoPath.Split(path, nameof(path)))
        {
            if (node is not IsoTreeDirectory directory || !directory.Children.TryGetValue(name, out IsoTreeNode? child))
            {
                return false;
            }

            node = child;
        }

        return true;
    }

    /// <summary>
    /// Lays out and writes the whole image to <paramref name="output"/> front to back (it need not be seekable).
    /// Throws <see cref="InvalidOperationException"/> when the boot options do not match the tree (a boot file
    /// missing, a catalog path taken, a boot file without the isohybrid magic for <see cref="Hybrid"/>).
    /// </summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.CanWrite)
        {
            throw new ArgumentException("The output stream must be writable.", nameof(output));
        }

        IsoLayout layout = IsoLayout.Create(_root, VolumeIdentifier, Timestamp, BiosBoot, EfiBoot, Hybrid);
        IsoImageWriter.Write(layout, output);
    }

    /// <summary>The length in bytes <see cref="WriteTo"/> would write (after the same validation), without writing.</summary>
    public long ComputeLength() => IsoLayout.Create(_root, VolumeIdentifier, Timestamp, BiosBoot, EfiBoot, Hybrid).ImageLength;

    private void Add(string path, string paramName, Func<string, IsoTreeNode> create)
    {
        string[] names = IsoPath.Split(path, paramName);
        IsoTreeDirectory parent = EnsureParents(path, names);
        if (parent.Children.TryGetValue(names[^1], out IsoTreeNode? existing))
        {
            throw Duplicate(path, existing);
        }

        parent.Children.Add(names[^1], create(names[^1]));
    }

    /// <summary>Walks to the parent of the last component, creating implied directories.</summary>
    private IsoTreeDirectory EnsureParents(string path, string[] names)
    {
        IsoTreeDirectory directory = _root;
        for (int i = 0; i < names.Length - 1; i++)
        {
            if (!directory.Children.TryGetValue(names[i], out IsoTreeNode? child))
            {
                child = new IsoTreeDirectory(names[i], DefaultDirectoryMode, isExplicit: false);
                directory.Children.Add(names[i], child);
            }

            directory = child as IsoTreeDirectory ?? throw new ArgumentException(
                $"Invalid ISO image path '{path}': '{string.Join('/', names[..(i + 1)])}' is a file, not a directory.", nameof(path));
        }

        return directory;
    }

    private static ArgumentException Duplicate(string path, IsoTreeNode existing) => new(
        $"Duplicate ISO image path '{path}': it was already added as a {(existing is IsoTreeDirectory ? "directory" : "file")}.", nameof(path));

    private static UnixFileMode ValidateMode(UnixFileMode? mode, UnixFileMode fallback)
    {
        UnixFileMode value = mode ?? fallback;
        if ((value & ~PermissionMask) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), value, "Only the 12 permission bits (0o7777) may be set; the entry type supplies the file-type bits.");
        }

        return value;
    }

    /// <summary>ECMA-119 §8.4.6 asks for d-characters; a-characters (which add space and punctuation) are accepted as readers do.</summary>
    private static string ValidateVolumeIdentifier(string volumeIdentifier)
    {
        ArgumentNullException.ThrowIfNull(volumeIdentifier);
        if (volumeIdentifier.Length is 0 or > IsoPrimaryVolumeDescriptor.VolumeIdentifierLength)
        {
            throw new ArgumentException(
                $"Volume identifier '{volumeIdentifier}' has {volumeIdentifier.Length} characters; 1 to {IsoPrimaryVolumeDescriptor.VolumeIdentifierLength} are allowed.",
                nameof(volumeIdentifier));
        }

        foreach (char c in volumeIdentifier)
        {
            bool isACharacter = c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or ' '
                || "!\"%&'()*+,-./:;<=>?".Contains(c, StringComparison.Ordinal);
            if (!isACharacter)
            {
                throw new ArgumentException(
                    $"Volume identifier '{volumeIdentifier}' contains '{c}'; ISO 9660 allows A-Z, 0-9, '_', space and !\"%&'()*+,-./:;<=>? (use upper case).",
                    nameof(volumeIdentifier));
            }
        }

        return volumeIdentifier;
    }
}
