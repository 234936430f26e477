namespace Aurae.Images.Iso;

/// <summary>
/// Where everything goes: the tree with ISO identifiers in ECMA-119 order, the path tables, Rock Ridge
/// continuation areas and the sector of every extent. Sectors in order: system area (0-15), Primary Volume
/// Descriptor (16), El Torito boot record (17, when booting), terminator, type L and type M path tables,
/// directories in path table order, continuation areas, boot catalog, file data (the EFI image last, so the
/// hybrid GPT can describe the ISO 9660 data and the EFI system partition as two adjacent ranges).
/// </summary>
internal sealed class IsoLayout
{
    private IsoLayout(string volumeIdentifier, DateTimeOffset timestamp, IsoLayoutDirectory root)
    {
        VolumeIdentifier = volumeIdentifier;
        Timestamp = timestamp;
        Root = root;
    }

    public string VolumeIdentifier { get; }

    public DateTimeOffset Timestamp { get; }

    public IsoLayoutDirectory Root { get; }

    /// <summary>Directories in path table order (§6.9.1): by level, parent number, identifier.</summary>
    public List<IsoLayoutDirectory> Directories { get; } = [];

    public byte[] PathTableL { get; private set; } = [];

    public byte[] PathTableM { get; private set; } = [];

    public uint PathTableLLba { get; private set; }

    public uint PathTableMLba { get; private set; }

    /// <summary>Whether an El Torito boot record and catalog are written.</summary>
    public bool IsBootable => BiosBootFile is not null || EfiImage is not null;

    public uint TerminatorLba { get; private set; }

    /// <summary>Records whose System Use continues elsewhere, in the order their areas are packed.</summary>
    public List<IsoDirectoryRecordPlan> ContinuedRecords { get; } = [];

    public uint ContinuationLba { get; private set; }

    public int ContinuationSectors { get; private set; }

    public uint CatalogLba { get; private set; }

    /// <summary>Files with data, in the order their extents follow each other.</summary>
    public List<IsoLayoutFile> DataFiles { get; } = [];

    public IsoLayoutFile? BiosBootFile { get; private set; }

    public ElToritoBiosBoot? BiosBoot { get; private set; }

    /// <summary>Sum for the boot information table (when patched).</summary>
    public uint BootInfoChecksum { get; private set; }

    public IsoLayoutFile? EfiImage { get; private set; }

    /// <summary>Sector after the last file extent.</summary>
    public uint DataEndLba { get; private set; }

    /// <summary>Volume Space Size (§8.4.8): the whole image, including hybrid padding.</summary>
    public uint VolumeSectors { get; private set; }

    public long ImageLength => (long)VolumeSectors * IsoBinary.SectorSize;

    public IsoHybridSystemArea? Hybrid { get; private set; }

    /// <summary>Lays out <paramref name="tree"/> with the given boot and hybrid options; throws <see cref="InvalidOperationException"/> on inconsistent options.</summary>
    public static IsoLayout Create(IsoTreeDirectory tree, string volumeIdentifier, DateTimeOffset timestamp,
        ElToritoBiosBoot? biosBoot, ElToritoEfiBoot? efiBoot, IsoHybridOptions? hybrid)
    {
        var layout = new IsoLayout(volumeIdentifier, timestamp, new IsoLayoutDirectory(string.Empty, tree.Mode, parent: null));
        Copy(tree, layout.Root);
        layout.ResolveBoot(biosBoot, efiBoot, hybrid);
        AssignIdentifiers(layout.Root);
        layout.OrderDirectories();
        layout.AssignSerialNumbers();
        foreach (IsoLayoutDirectory directory in layout.Directories)
        {
            PlanRecords(directory);
        }

        layout.AssignSectors();
        layout.BuildPathTables();
        layout.ComputeBootInfoChecksum();
        if (hybrid is not null)
        {
            layout.Hybrid = new IsoHybridSystemArea(hybrid, layout);
        }

        return layout;
    }

    private static void Copy(IsoTreeDirectory source, IsoLayoutDirectory destination)
    {
        foreach (IsoTreeNode child in source.Children.Values)
        {
            switch (child)
            {
                case IsoTreeDirectory directory:
                    var copy = new IsoLayoutDirectory(directory.Name, directory.Mode, destination);
                    destination.Children.Add(copy);
                    Copy(directory, copy);
                    break;
                case IsoTreeFile file:
                    destination.Children.Add(new IsoLayoutFile(file.Name, file.Mode, destination, file.Content));
                    break;
            }
        }
    }

    private void ResolveBoot(ElToritoBiosBoot? biosBoot, ElToritoEfiBoot? efiBoot, IsoHybridOptions? hybrid)
    {
        if (biosBoot is not null)
        {
            BiosBoot = biosBoot;
            BiosBootFile = FindFile(biosBoot.BootFilePath, "El Torito BIOS boot file");
            if (biosBoot.PatchBootInfoTable && BiosBootFile.Content!.Length < BootInfoTable.End)
            {
                throw new InvalidOperationException(
                    $"The BIOS boot file '{biosBoot.BootFilePath}' has {BiosBootFile.Content.Length} bytes; a boot information table needs at least {BootInfoTable.End}.");
            }

            AddCatalog(biosBoot.CatalogPath);
        }

        if (efiBoot is not null)
        {
            EfiImage = FindFile(efiBoot.ImagePath, "El Torito EFI image");
            if (EfiImage.Content!.Length == 0)
            {
                throw new InvalidOperationException($"The El Torito EFI image '{efiBoot.ImagePath}' is empty; it must be a FAT file system image.");
            }

            if (ReferenceEquals(EfiImage, BiosBootFile))
            {
                throw new InvalidOperationException($"'{efiBoot.ImagePath}' cannot be both the BIOS boot file and the EFI image.");
            }
        }

        if (hybrid is not null)
        {
            if (BiosBootFile is null || BiosBoot is null)
            {
                throw new InvalidOperationException("A hybrid image needs a BIOS boot entry: the isohybrid MBR code loads the El Torito BIOS boot file.");
            }

            IsoHybridSystemArea.CheckBootFile(BiosBootFile, BiosBoot.BootFilePath);
        }
    }

    private IsoLayoutFile FindFile(string path, string role)
    {
        IsoLayoutNode node = Root;
        foreach (string name in path.Split('/'))
        {
            IsoLayoutNode? next = node is IsoLayoutDirectory directory
                ? directory.Children.Find(child => string.Equals(child.Name, name, StringComparison.Ordinal))
                : null;
            node = next ?? throw new InvalidOperationException($"The {role} '{path}' is not in the image tree; add it with AddFile first.");
        }

        return node is IsoLayoutFile { Content: not null } file
            ? file
            : throw new InvalidOperationException($"The {role} '{path}' is a directory, not a file.");
    }

    /// <summary>Lists the catalog in the tree, creating missing parent directories.</summary>
    private void AddCatalog(string path)
    {
        string[] names = path.Split('/');
        IsoLayoutDirectory directory = Root;
        foreach (string name in names[..^1])
        {
            IsoLayoutNode? existing = directory.Children.Find(child => string.Equals(child.Name, name, StringComparison.Ordinal));
            if (existing is null)
            {
                var created = new IsoLayoutDirectory(name, IsoImageBuilder.DefaultDirectoryMode, directory);
                directory.Children.Add(created);
                existing = created;
            }

            directory = existing as IsoLayoutDirectory
                ?? throw new InvalidOperationException($"The boot catalog path '{path}' passes through the file '{existing.Path}'.");
        }

        if (directory.Children.Exists(child => string.Equals(child.Name, names[^1], StringComparison.Ordinal)))
        {
            throw new InvalidOperationException(
                $"The boot catalog path '{path}' is already in the image tree; the builder creates the catalog there itself.");
        }

        directory.Children.Add(new IsoLayoutFile(names[^1], IsoImageBuilder.DefaultFileMode, directory, content: null));
    }

    private static void AssignIdentifiers(IsoLayoutDirectory directory)
    {
        byte[][] identifiers = IsoIdentifier.AssignUnique(directory.Children.ConvertAll(child => (child.Name, child.IsDirectory)));
        for (int i = 0; i < identifiers.Length; i++)
        {
            directory.Children[i].Identifier = identifiers[i];
        }

        directory.Children.Sort((x, y) => IsoIdentifierComparer.Instance.Compare(x.Identifier, y.Identifier));
        foreach (IsoLayoutNode child in directory.Children)
        {
            if (child is IsoLayoutDirectory subdirectory)
            {
                AssignIdentifiers(subdirectory);
            }
        }
    }

    /// <summary>Breadth-first with sorted children gives the path table order of §6.9.1.</summary>
    private void OrderDirectories()
    {
        var queue = new Queue<IsoLayoutDirectory>();
        queue.Enqueue(Root);
        while (queue.TryDequeue(out IsoLayoutDirectory? directory))
        {
            Directories.Add(directory);
            if (Directories.Count > IsoPathTable.MaxDirectories)
            {
                throw new InvalidOperationException($"The image has more than {IsoPathTable.MaxDirectories} directories, the most a path table numbers.");
            }

            directory.Number = (ushort)Directories.Count;
            foreach (IsoLayoutNode child in directory.Children)
            {
                if (child is IsoLayoutDirectory subdirectory)
                {
                    queue.Enqueue(subdirectory);
                }
            }
        }
    }

    private void AssignSerialNumbers()
    {
        uint next = 1;
        Root.SerialNumber = next++;
        foreach (IsoLayoutDirectory directory in Directories)
        {
            foreach (IsoLayoutNode child in directory.Children)
            {
                child.SerialNumber = next++;
            }
        }
    }

    /// <summary>Records with Rock Ridge: SP (root only), PX and NM; what does not fit goes to a continuation area.</summary>
    private static void PlanRecords(IsoLayoutDirectory directory)
    {
        bool isRoot = directory.Parent is null;
        byte[] selfSystemUse = isRoot
            ? [.. SystemUseSharing.Sp(), .. Px(directory)]
            : Px(directory);
        // SUSP §5.5: the ER entry belongs to the root's "." record; at 185 bytes it only fits a continuation area.
        directory.Records.Add(new IsoDirectoryRecordPlan(directory, IsoDirectoryRecord.SelfIdentifier, selfSystemUse,
            isRoot ? RockRidge.Er() : null));
        IsoLayoutDirectory parent = directory.Parent ?? directory;
        directory.Records.Add(new IsoDirectoryRecordPlan(parent, IsoDirectoryRecord.ParentIdentifier, Px(parent), continuation: null));
        foreach (IsoLayoutNode child in directory.Children)
        {
            byte[] px = Px(child);
            byte[] nm = RockRidge.Nm(IsoPath.EncodeName(child.Name));
            var inline = new IsoDirectoryRecordPlan(child, child.Identifier, [.. px, .. nm], continuation: null);
            directory.Records.Add(inline.Length <= IsoDirectoryRecord.MaxLength
                ? inline
                : new IsoDirectoryRecordPlan(child, child.Identifier, px, nm));
        }

        int offset = 0;
        foreach (IsoDirectoryRecordPlan record in directory.Records)
        {
            // §6.8.1.1: a record does not cross a sector boundary; the rest of the sector stays zero.
            if ((offset % IsoBinary.SectorSize) + record.Length > IsoBinary.SectorSize)
            {
                offset += IsoBinary.SectorSize - (offset % IsoBinary.SectorSize);
            }

            record.ExtentOffset = offset;
            offset += record.Length;
        }

        directory.ExtentSectors = (int)IsoBinary.SectorsFor(offset);
    }

    private static byte[] Px(IsoLayoutNode node) => RockRidge.Px(node.Mode, node.IsDirectory, node.Links, node.SerialNumber);

    /// <summary>Encodes both path tables once every directory has its sector.</summary>
    private void BuildPathTables()
    {
        PathTableL = new byte[PathTableSize()];
        PathTableM = new byte[PathTableL.Length];
        int offset = 0;
        foreach (IsoLayoutDirectory directory in Directories)
        {
            byte[] identifier = PathTableIdentifier(directory);
            ushort parentNumber = (directory.Parent ?? directory).Number;
            IsoPathTable.Write(PathTableL.AsSpan(offset), bigEndian: false, directory.Lba, parentNumber, identifier);
            offset += IsoPathTable.Write(PathTableM.AsSpan(offset), bigEndian: true, directory.Lba, parentNumber, identifier);
        }
    }

    private int PathTableSize() => Directories.Sum(directory => IsoPathTable.RecordLength(PathTableIdentifier(directory).Length));

    /// <summary>§9.4.5: the root's path table identifier is a single 0x00 byte.</summary>
    private static byte[] PathTableIdentifier(IsoLayoutDirectory directory) =>
        directory.Parent is null ? IsoDirectoryRecord.SelfIdentifier : directory.Identifier;

    private void AssignSectors()
    {
        long next = IsoVolumeDescriptor.FirstDescriptorLba + 1; // after the Primary Volume Descriptor
        if (IsBootable)
        {
            next = ElToritoBootRecord.Lba + 1;
        }

        TerminatorLba = (uint)next++;
        long pathTableSectors = IsoBinary.SectorsFor(PathTableSize());
        PathTableLLba = (uint)next;
        next += pathTableSectors;
        PathTableMLba = (uint)next;
        next += pathTableSectors;
        foreach (IsoLayoutDirectory directory in Directories)
        {
            directory.Lba = CheckedLba(next);
            next += directory.ExtentSectors;
        }

        PackContinuationAreas();
        ContinuationLba = CheckedLba(next);
        next += ContinuationSectors;
        if (IsBootable)
        {
            CatalogLba = CheckedLba(next++);
            foreach (IsoLayoutDirectory directory in Directories)
            {
                foreach (IsoLayoutNode child in directory.Children)
                {
                    if (child is IsoLayoutFile { IsBootCatalog: true } catalog)
                    {
                        catalog.Lba = CatalogLba;
                    }
                }
            }
        }

        foreach (IsoLayoutDirectory directory in Directories)
        {
            foreach (IsoLayoutNode child in directory.Children)
            {
                if (child is IsoLayoutFile { IsBootCatalog: false } file && !ReferenceEquals(file, EfiImage))
                {
                    DataFiles.Add(file);
                }
            }
        }

        if (EfiImage is not null)
        {
            DataFiles.Add(EfiImage);
        }

        foreach (IsoLayoutFile file in DataFiles)
        {
            // An empty file has no extent; like mkisofs, its record points at sector 0.
            file.Lba = file.DataLength == 0 ? 0 : CheckedLba(next);
            next += IsoBinary.SectorsFor(file.DataLength);
        }

        DataEndLba = CheckedLba(next);
        VolumeSectors = DataEndLba;
    }

    /// <summary>Continuation areas share sectors but none crosses a sector boundary (Linux reads one block per area).</summary>
    private void PackContinuationAreas()
    {
        int sector = 0;
        int offset = 0;
        foreach (IsoLayoutDirectory directory in Directories)
        {
            foreach (IsoDirectoryRecordPlan record in directory.Records)
            {
                if (record.Continuation is not { } area)
                {
                    continue;
                }

                if (offset + area.Length > IsoBinary.SectorSize)
                {
                    sector++;
                    offset = 0;
                }

                record.ContinuationSector = sector;
                record.ContinuationOffset = offset;
                offset += area.Length;
                ContinuedRecords.Add(record);
            }
        }

        ContinuationSectors = ContinuedRecords.Count == 0 ? 0 : sector + 1;
    }

    /// <summary>Grows the volume to the hybrid disk size (the GPT backup lives in the padding, as with xorriso).</summary>
    internal void ExtendVolume(long sectors) => VolumeSectors = CheckedLba(sectors);

    private void ComputeBootInfoChecksum()
    {
        if (BiosBootFile is null || BiosBoot is not { PatchBootInfoTable: true })
        {
            return;
        }

        uint sum = 0;
        BiosBootFile.Content!.ReadChunks(BiosBoot.BootFilePath, (offset, chunk) => sum = BootInfoTable.AddToChecksum(sum, offset, chunk));
        BootInfoChecksum = sum;
    }

    private static uint CheckedLba(long sector) => sector <= uint.MaxValue
        ? (uint)sector
        : throw new InvalidOperationException($"The image needs more than {uint.MaxValue} sectors, the most ISO 9660 addresses.");
}
