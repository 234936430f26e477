using Aurae.Images.Checksums;

namespace Aurae.Images.Partitioning;

/// <summary>
/// A GUID Partition Table (UEFI 2.x §5.3) for a disk of 512-byte sectors: the primary header at LBA 1,
/// the primary entry array at <see cref="PrimaryEntriesLba"/>, the backup entry array and backup header at
/// the end of the disk. The protective MBR in LBA 0 is the caller's (<see cref="MasterBootRecord"/>).
/// </summary>
public sealed class GuidPartitionTable
{
    /// <summary>Logical block size this table is laid out for.</summary>
    public const int SectorSize = 512;

    /// <summary>NumberOfPartitionEntries: the customary 128, which gives the minimum 16 KiB array.</summary>
    public const int EntryCount = 128;

    /// <summary>SizeOfPartitionEntry.</summary>
    public const int EntrySize = 128;

    /// <summary>Sectors the entry array occupies: 128 x 128 / 512.</summary>
    public const int EntryArraySectors = EntryCount * EntrySize / SectorSize;

    /// <summary>LBA of the primary header (UEFI 2.x §5.3.1).</summary>
    public const long PrimaryHeaderLba = 1;

    /// <summary>The header sector and the entry array sit after the protective MBR at LBA 0 and the primary header.</summary>
    private const long MinimumPrimaryEntriesLba = 2;

    private readonly GptPartition[] _partitions;

    /// <summary>
    /// Lays out a table for a disk of <paramref name="diskSectors"/> sectors. Throws <see cref="ArgumentException"/>
    /// if a partition lies outside the usable range, partitions overlap or share an id, or there are more than 128.
    /// </summary>
    public GuidPartitionTable(Guid diskId, long diskSectors, IReadOnlyList<GptPartition> partitions, long primaryEntriesLba = 2)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        if (diskId == Guid.Empty)
        {
            throw new ArgumentException("The disk GUID must not be empty.", nameof(diskId));
        }

        if (primaryEntriesLba < MinimumPrimaryEntriesLba)
        {
            throw new ArgumentOutOfRangeException(nameof(primaryEntriesLba), primaryEntriesLba,
                $"The primary entry array must start at LBA {MinimumPrimaryEntriesLba} or later (LBA 0 is the MBR, LBA 1 the header).");
        }

        DiskId = diskId;
        DiskSectors = diskSectors;
        PrimaryEntriesLba = primaryEntriesLba;
        FirstUsableLba = primaryEntriesLba + EntryArraySectors;
        BackupHeaderLba = diskSectors - 1;
        BackupEntriesLba = BackupHeaderLba - EntryArraySectors;
        LastUsableLba = BackupEntriesLba - 1;
        if (LastUsableLba < FirstUsableLba)
        {
            throw new ArgumentOutOfRangeException(nameof(diskSectors), diskSectors,
                $"A disk of {diskSectors} sectors is too small for a GPT with entries at LBA {primaryEntriesLba}: " +
                $"it needs at least {FirstUsableLba + EntryArraySectors + 2} sectors.");
        }

        if (partitions.Count > EntryCount)
        {
            throw new ArgumentException($"{partitions.Count} partitions given; the table holds at most {EntryCount}.", nameof(partitions));
        }

        _partitions = partitions.ToArray();
        ValidatePartitions(_partitions);
    }

    /// <summary>DiskGUID of the header.</summary>
    public Guid DiskId { get; }

    /// <summary>Size of the disk in sectors; the backup structures end at its last sector.</summary>
    public long DiskSectors { get; }

    /// <summary>The partitions, in entry order.</summary>
    public IReadOnlyList<GptPartition> Partitions => _partitions;

    /// <summary>LBA of the primary entry array (PartitionEntryLBA of the primary header).</summary>
    public long PrimaryEntriesLba { get; }

    /// <summary>First sector a partition may use: just after the primary entry array.</summary>
    public long FirstUsableLba { get; }

    /// <summary>Last sector a partition may use: just before the backup entry array.</summary>
    public long LastUsableLba { get; }

    /// <summary>LBA of the backup entry array (diskSectors - 33).</summary>
    public long BackupEntriesLba { get; }

    /// <summary>LBA of the backup header, the disk's last sector.</summary>
    public long BackupHeaderLba { get; }

    /// <summary>The 16 384-byte partition entry array; entries in the given order, unused entries zero.</summary>
    public byte[] EntryArray()
    {
        var array = new byte[EntryCount * EntrySize];
        for (int i = 0; i < _partitions.Length; i++)
        {
            GptPartitionEntryLayout.Encode(_partitions[i], array.AsSpan(i * EntrySize, EntrySize));
        }

        return array;
    }

    /// <summary>The primary header sector (92-byte header, zero padding), written at LBA 1.</summary>
    public byte[] PrimaryHeader() => Header(PrimaryHeaderLba, BackupHeaderLba, PrimaryEntriesLba, Crc32.Compute(EntryArray()));

    /// <summary>The backup header sector, written at <see cref="BackupHeaderLba"/>.</summary>
    public byte[] BackupHeader() => Header(BackupHeaderLba, PrimaryHeaderLba, BackupEntriesLba, Crc32.Compute(EntryArray()));

    /// <summary>
    /// Writes the primary header and entries and the backup entries and header into <paramref name="disk"/>
    /// (seekable; extended to <see cref="DiskSectors"/> sectors if shorter). LBA 0 and partition contents are not touched.
    /// </summary>
    public void WriteTo(Stream disk)
    {
        ArgumentNullException.ThrowIfNull(disk);
        if (!disk.CanSeek || !disk.CanWrite)
        {
            throw new ArgumentException("The disk stream must be writable and seekable.", nameof(disk));
        }

        byte[] entries = EntryArray();
        uint entriesCrc = Crc32.Compute(entries);
        WriteAt(disk, PrimaryHeaderLba, Header(PrimaryHeaderLba, BackupHeaderLba, PrimaryEntriesLba, entriesCrc));
        WriteAt(disk, PrimaryEntriesLba, entries);
        WriteAt(disk, BackupEntriesLba, entries);
        WriteAt(disk, BackupHeaderLba, Header(BackupHeaderLba, PrimaryHeaderLba, BackupEntriesLba, entriesCrc));
    }

    private byte[] Header(long myLba, long alternateLba, long entriesLba, uint entriesCrc) =>
        new GptHeader(
            MyLba: myLba,
            AlternateLba: alternateLba,
            FirstUsableLba: FirstUsableLba,
            LastUsableLba: LastUsableLba,
            DiskGuid: DiskId,
            PartitionEntryLba: entriesLba,
            NumberOfPartitionEntries: EntryCount,
            SizeOfPartitionEntry: EntrySize,
            PartitionEntryArrayCrc32: entriesCrc).ToSector(SectorSize);

    private static void WriteAt(Stream disk, long lba, byte[] data)
    {
        disk.Position = lba * SectorSize;
        disk.Write(data);
    }

    private void ValidatePartitions(GptPartition[] partitions)
    {
        for (int i = 0; i < partitions.Length; i++)
        {
            GptPartition partition = partitions[i] ?? throw new ArgumentException($"Partition {i} is null.", nameof(partitions));
            if (partition.FirstLba < FirstUsableLba || partition.LastLba > LastUsableLba)
            {
                throw new ArgumentException(
                    $"Partition {i} '{partition.Name}' spans LBA {partition.FirstLba}-{partition.LastLba}, outside the usable " +
                    $"range {FirstUsableLba}-{LastUsableLba}.", nameof(partitions));
            }

            for (int j = 0; j < i; j++)
            {
                GptPartition other = partitions[j];
                if (partition.FirstLba <= other.LastLba && other.FirstLba <= partition.LastLba)
                {
                    throw new ArgumentException(
                        $"Partition {i} '{partition.Name}' (LBA {partition.FirstLba}-{partition.LastLba}) overlaps partition {j} " +
                        $"'{other.Name}' (LBA {other.FirstLba}-{other.LastLba}).", nameof(partitions));
                }

                if (partition.Id == other.Id)
                {
                    throw new ArgumentException(
                        $"Partitions {j} and {i} share the unique partition GUID {partition.Id}.", nameof(partitions));
                }
            }
        }
    }
}
