namespace Aurae.Images.Partitioning;

/// <summary>
/// One GPT partition entry (UEFI 2.x §5.3.3): type, unique id, inclusive LBA range, UTF-16 name (at most
/// 36 code units) and attribute bits. Rejects an empty type or id, a reversed range and an over-long name.
/// </summary>
public sealed record GptPartition(Guid Type, Guid Id, long FirstLba, long LastLba, string Name, ulong Attributes = 0)
{
    /// <summary>The PartitionName field holds 72 bytes: 36 UTF-16 code units.</summary>
    public const int MaxNameLength = 36;

    /// <summary>Partition type GUID; never <see cref="Guid.Empty"/> (that marks an unused entry).</summary>
    public Guid Type { get; } = Type != Guid.Empty
        ? Type
        : throw new ArgumentException("A partition type GUID must not be empty (the empty GUID marks an unused entry).", nameof(Type));

    /// <summary>Unique partition GUID; never <see cref="Guid.Empty"/>.</summary>
    public Guid Id { get; } = Id != Guid.Empty
        ? Id
        : throw new ArgumentException("A unique partition GUID must not be empty.", nameof(Id));

    /// <summary>First sector of the partition.</summary>
    public long FirstLba { get; } = FirstLba >= 0
        ? FirstLba
        : throw new ArgumentOutOfRangeException(nameof(FirstLba), FirstLba, "The first LBA must not be negative.");

    /// <summary>Last sector of the partition, inclusive.</summary>
    public long LastLba { get; } = LastLba >= FirstLba
        ? LastLba
        : throw new ArgumentOutOfRangeException(nameof(LastLba), LastLba, $"The last LBA must not be before the first LBA {FirstLba}.");

    /// <summary>Human-readable name, stored as UTF-16LE.</summary>
    public string Name { get; } = ValidateName(Name);

    /// <summary>Number of sectors the partition covers.</summary>
    public long SectorCount => LastLba - FirstLba + 1;

    private static string ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name, nameof(Name));
        if (name.Length > MaxNameLength)
        {
            throw new ArgumentException(
                $"Partition name '{name}' has {name.Length} UTF-16 code units; GPT allows at most {MaxNameLength}.", nameof(Name));
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Partition name '{name}' contains a NUL character, which would end it early.", nameof(Name));
        }

        return name;
    }
}
