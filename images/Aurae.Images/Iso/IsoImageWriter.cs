using Aurae.Images.IO;

namespace Aurae.Images.Iso;

/// <summary>
/// Writes a laid-out image front to back, so the output need not be seekable: system area, volume descriptors,
/// path tables, directories, continuation areas, boot catalog, file data, hybrid padding and backup GPT.
/// </summary>
internal sealed class IsoImageWriter
{

    private readonly IsoLayout _layout;
    private readonly Stream _output;
    private long _position;

    private IsoImageWriter(IsoLayout layout, Stream output)
    {
        _layout = layout;
        _output = output;
    }

    public static void Write(IsoLayout layout, Stream output) => new IsoImageWriter(layout, output).Write();

    private void Write()
    {
        WriteSystemArea();
        WritePrimaryVolumeDescriptor();
        if (_layout.IsBootable)
        {
            WriteSector(sector => ElToritoBootRecord.Write(sector, _layout.CatalogLba), ElToritoBootRecord.Lba);
        }

        WriteSector(IsoVolumeDescriptor.WriteTerminator, _layout.TerminatorLba);
        WriteArea(_layout.PathTableL, _layout.PathTableLLba);
        WriteArea(_layout.PathTableM, _layout.PathTableMLba);
        foreach (IsoLayoutDirectory directory in _layout.Directories)
        {
            WriteArea(EncodeDirectory(directory), directory.Lba);
        }

        if (_layout.ContinuationSectors > 0)
        {
            WriteArea(EncodeContinuationAreas(), _layout.ContinuationLba);
        }

        if (_layout.IsBootable)
        {
            WriteArea(EncodeBootCatalog(), _layout.CatalogLba);
        }

        foreach (IsoLayoutFile file in _layout.DataFiles)
        {
            WriteFile(file);
        }

        if (_layout.Hybrid is { } hybrid)
        {
            WriteZeros(hybrid.BackupOffset - _position);
            WriteBytes(hybrid.BackupTail());
        }

        WriteZeros(_layout.ImageLength - _position);
        if (_position != _layout.ImageLength)
        {
            throw new InvalidOperationException($"Wrote {_position} bytes; the layout has {_layout.ImageLength}.");
        }

        _output.Flush();
    }

    private void WriteSystemArea()
    {
        var systemArea = new byte[IsoVolumeDescriptor.FirstDescriptorLba * IsoBinary.SectorSize];
        _layout.Hybrid?.WriteSystemArea(systemArea);
        WriteBytes(systemArea);
    }

    private void WritePrimaryVolumeDescriptor()
    {
        var descriptor = new IsoPrimaryVolumeDescriptor(
            _layout.VolumeIdentifier,
            _layout.VolumeSectors,
            (uint)_layout.PathTableL.Length,
            _layout.PathTableLLba,
            _layout.PathTableMLba,
            _layout.Root.Lba,
            _layout.Root.DataLength,
            _layout.Timestamp);
        WriteSector(descriptor.Write, IsoVolumeDescriptor.FirstDescriptorLba);
    }

    private byte[] EncodeDirectory(IsoLayoutDirectory directory)
    {
        var extent = new byte[directory.ExtentSectors * IsoBinary.SectorSize];
        Span<byte> systemUse = stackalloc byte[IsoDirectoryRecord.MaxLength];
        foreach (IsoDirectoryRecordPlan record in directory.Records)
        {
            record.SystemUse.CopyTo(systemUse);
            int systemUseLength = record.SystemUse.Length;
            if (record.Continuation is { } area)
            {
                SystemUseSharing.WriteCe(systemUse[systemUseLength..], (uint)(_layout.ContinuationLba + record.ContinuationSector),
                    (uint)record.ContinuationOffset, (uint)area.Length);
                systemUseLength += SystemUseSharing.CeLength;
            }

            IsoLayoutNode target = record.Target;
            IsoDirectoryRecord.Write(extent.AsSpan(record.ExtentOffset), target.Lba, target.DataLength, _layout.Timestamp,
                target.IsDirectory, record.Identifier, systemUse[..systemUseLength]);
        }

        return extent;
    }

    private byte[] EncodeContinuationAreas()
    {
        var areas = new byte[_layout.ContinuationSectors * IsoBinary.SectorSize];
        foreach (IsoDirectoryRecordPlan record in _layout.ContinuedRecords)
        {
            record.Continuation!.CopyTo(areas, (record.ContinuationSector * IsoBinary.SectorSize) + record.ContinuationOffset);
        }

        return areas;
    }

    private byte[] EncodeBootCatalog()
    {
        ElToritoBootEntry? bios = _layout.BiosBootFile is { } bootFile
            ? new ElToritoBootEntry(_layout.BiosBoot!.LoadSectors, bootFile.Lba)
            : null;
        ElToritoBootEntry? efi = _layout.EfiImage is { } image
            ? new ElToritoBootEntry(ElToritoBootCatalog.SectorCountFor(image.DataLength), image.Lba)
            : null;
        return ElToritoBootCatalog.Build(bios, efi);
    }

    private void WriteFile(IsoLayoutFile file)
    {
        if (file.DataLength == 0)
        {
            return;
        }

        ExpectPosition(file.Lba, file.Path);
        bool patch = ReferenceEquals(file, _layout.BiosBootFile) && _layout.BiosBoot!.PatchBootInfoTable;
        file.Content!.ReadChunks(file.Path, (offset, chunk) =>
        {
            if (patch && offset == 0)
            {
                // The first chunk always holds the whole table: the file has at least 64 bytes and chunks are larger.
                Span<byte> head = stackalloc byte[BootInfoTable.End];
                chunk[..BootInfoTable.End].CopyTo(head);
                BootInfoTable.Patch(head, IsoVolumeDescriptor.FirstDescriptorLba, file.Lba, file.DataLength, _layout.BootInfoChecksum);
                WriteBytes(head);
                WriteBytes(chunk[BootInfoTable.End..]);
            }
            else
            {
                WriteBytes(chunk);
            }
        });
        PadToSector();
    }

    private void WriteSector(SectorEncoder encode, long lba)
    {
        ExpectPosition(lba, "volume descriptor");
        var sector = new byte[IsoBinary.SectorSize];
        encode(sector);
        WriteBytes(sector);
    }

    private delegate void SectorEncoder(Span<byte> sector);

    private void WriteArea(ReadOnlySpan<byte> data, long lba)
    {
        ExpectPosition(lba, "area");
        WriteBytes(data);
        PadToSector();
    }

    private void ExpectPosition(long lba, string what)
    {
        if (_position != lba * IsoBinary.SectorSize)
        {
            throw new InvalidOperationException($"Layout error: {what} belongs at sector {lba} but the writer is at byte {_position}.");
        }
    }

    private void PadToSector() => WriteZeros(ZeroFill.PaddingFor(_position, IsoBinary.SectorSize));

    private void WriteBytes(ReadOnlySpan<byte> data)
    {
        _output.Write(data);
        _position += data.Length;
    }

    private void WriteZeros(long count)
    {
        if (count > 0)
        {
            ZeroFill.Write(_output, count);
            _position += count;
        }
    }
}
