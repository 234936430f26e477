namespace Aurae.Images.Fat;

/// <summary>
/// Collects files and directories for a FAT volume, then lays it out: <see cref="BuildSmallest"/> for the smallest
/// FAT12/16 image (an El Torito EFI boot image), <see cref="BuildFat32"/> for a FAT32 volume of a given size (an EFI
/// system partition). Names are long names; 8.3 short names and VFAT long-name entries are derived from them.
/// </summary>
public sealed class FatFileSystemBuilder
{
    /// <summary>BS_VolLab of a volume without a label (fatgen103).</summary>
    private const string NoLabel = "NO NAME";

    private readonly FatDirectoryNode _root = new("");
    private readonly FatShortName? _volumeLabel;
    private readonly uint _volumeId;
    private readonly FatTimestamp _timestamp;

    /// <summary>
    /// Starts an empty volume. <paramref name="volumeLabel"/>: up to 11 ASCII short-name characters or spaces,
    /// upper-cased (empty for none); <paramref name="volumeId"/>: the serial number; <paramref name="timestamp"/>:
    /// every entry's time, clamped to FAT's 1980-01-01 .. 2107-12-31 range.
    /// </summary>
    public FatFileSystemBuilder(string volumeLabel, uint volumeId, DateTimeOffset timestamp)
    {
        _volumeLabel = ValidateLabel(volumeLabel);
        _volumeId = volumeId;
        _timestamp = FatTimestamp.From(timestamp);
    }

    /// <summary>
    /// Adds a file at <paramref name="path"/> ('/'-separated, e.g. "EFI/BOOT/BOOTX64.EFI"); missing parent directories
    /// are created. The bytes are not copied: they must stay unchanged until the volume is written.
    /// Throws <see cref="ArgumentException"/> if the path is invalid or the name is taken (names compare case-insensitively).
    /// </summary>
    public void AddFile(string path, ReadOnlyMemory<byte> content)
    {
        string[] components = FatPath.Split(path, nameof(path));
        FatDirectoryNode parent = EnsureDirectories(path, components.AsSpan(0, components.Length - 1));
        string name = components[^1];
        if (parent.Children.TryGetValue(name, out FatNode? existing))
        {
            throw new ArgumentException($"Cannot add file '{path}': '{existing.Name}' already exists there.", nameof(path));
        }

        parent.Children.Add(name, new FatFileNode(name, content));
    }

    /// <summary>Adds a directory (and its missing parents); adding an existing directory again does nothing.</summary>
    public void AddDirectory(string path)
    {
        EnsureDirectories(path, FatPath.Split(path, nameof(path)));
    }

    /// <summary>
    /// Lays out the smallest FAT12 or FAT16 volume that holds the content (no free clusters; the type follows from the
    /// cluster count, FAT32 never). Throws <see cref="InvalidOperationException"/> if FAT16 cannot hold it.
    /// </summary>
    public FatFileSystem BuildSmallest()
    {
        FatContent content = Snapshot();
        return Create(content, FatSizing.Smallest(content));
    }

    /// <summary>
    /// Lays out a FAT32 volume of exactly <paramref name="totalSectors"/> 512-byte sectors, for a partition starting at
    /// LBA <paramref name="hiddenSectors"/>. Throws <see cref="ArgumentOutOfRangeException"/> if that size cannot be FAT32
    /// (fewer than 65 525 clusters) or cannot hold the content; <see cref="MinimumFat32Sectors"/> gives the least size.
    /// </summary>
    public FatFileSystem BuildFat32(long totalSectors, uint hiddenSectors)
    {
        FatContent content = Snapshot();
        return Create(content, FatSizing.Fat32(content, totalSectors, hiddenSectors));
    }

    /// <summary>The fewest 512-byte sectors a FAT32 volume holding the current content can have.</summary>
    public long MinimumFat32Sectors() => FatSizing.MinimumFat32Sectors(Snapshot());

    private FatFileSystem Create(FatContent content, FatGeometry geometry) =>
        new(content, geometry, _volumeId, _volumeLabel ?? FatShortName.FromVolumeLabel(NoLabel), _timestamp);

    private FatContent Snapshot() => new(_root.DeepCopy(), _volumeLabel);

    private FatDirectoryNode EnsureDirectories(string path, ReadOnlySpan<string> components)
    {
        FatDirectoryNode directory = _root;
        foreach (string component in components)
        {
            if (directory.Children.TryGetValue(component, out FatNode? existing))
            {
                if (existing is not FatDirectoryNode existingDirectory)
                {
                    throw new ArgumentException($"Path '{path}' goes through '{existing.Name}', which is a file.", nameof(path));
                }

                if (!string.Equals(existing.Name, component, StringComparison.Ordinal))
                {
                    throw new ArgumentException(
                        $"Path '{path}' names directory '{component}', which exists as '{existing.Name}'; FAT names ignore case, so spell it the same.",
                        nameof(path));
                }

                directory = existingDirectory;
                continue;
            }

            var created = new FatDirectoryNode(component);
            directory.Children.Add(component, created);
            directory = created;
        }

        return directory;
    }

    private static FatShortName? ValidateLabel(string volumeLabel)
    {
        ArgumentNullException.ThrowIfNull(volumeLabel);
        if (volumeLabel.Length == 0)
        {
            return null;
        }

        string upper = volumeLabel.ToUpperInvariant();
        if (upper.Length > FatShortName.Length || upper.StartsWith(' ')
            || !upper.All(c => c == ' ' || (c < 0x80 && FatShortName.IsShortNameCharacter(c))))
        {
            throw new ArgumentException(
                $"Volume label '{volumeLabel}' is invalid: use up to {FatShortName.Length} letters, digits, spaces (not first) or $%'-_@~`!(){{}}^#&.",
                nameof(volumeLabel));
        }

        return FatShortName.FromVolumeLabel(upper);
    }
}
