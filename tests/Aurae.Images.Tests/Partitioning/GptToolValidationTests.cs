using System.Text.Json;
using System.Text.RegularExpressions;
using Aurae.Images.Partitioning;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Partitioning;

/// <summary>Independent validation: disks partitioned here must be accepted by sgdisk, sfdisk and fdisk.</summary>
public sealed class GptToolValidationTests
{
    private const string Sgdisk = "/usr/sbin/sgdisk";
    private const string Sfdisk = "/usr/sbin/sfdisk";
    private const string Fdisk = "/usr/sbin/fdisk";
    private const long DiskSectors = 131072; // 64 MiB
    private static readonly Guid DiskId = new("0A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9");
    private static readonly Guid EspId = new("11111111-2222-3333-4444-555555555555");
    private static readonly Guid DataId = new("66666666-7777-8888-9999-AAAAAAAAAAAA");

    private static GuidPartitionTable SampleTable() => new(DiskId, DiskSectors,
    [
        new GptPartition(GptPartitionTypes.EfiSystem, EspId, 2048, 34815, "EFI system"),
        new GptPartition(GptPartitionTypes.BasicData, DataId, 34816, 131038, "data"),
    ]);

    /// <summary>A sparse 64 MiB disk: protective MBR in LBA 0, then the GPT.</summary>
    private static string WriteDisk(TempDirectory directory, GuidPartitionTable table, string name = "disk.img")
    {
        string path = directory.Combine(name);
        using var disk = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite);
        disk.SetLength(table.DiskSectors * GuidPartitionTable.SectorSize);
        var mbr = new byte[MasterBootRecord.SectorSize];
        MasterBootRecord.WritePartitionTable(mbr, 0, [MasterBootRecord.Protective(table.DiskSectors)]);
        disk.Write(mbr);
        table.WriteTo(disk);
        return path;
    }

    [Fact]
    public void Sgdisk_Verify_FindsNoProblems()
    {
        using var directory = new TempDirectory();
        string disk = WriteDisk(directory, SampleTable());

        ExternalTool.Result result = ExternalTool.Run(Sgdisk, ["-v", disk]);

        // sgdisk says "No problems found" even after falling back to the backup GPT; the fallback shows up as
        // warnings on stderr and a "corrupt GPT" caution, so those must be absent too.
        string text = result.StandardOutputText + result.StandardError;
        Assert.Contains("No problems found", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("corrupt", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ERROR", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CRC", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Sgdisk_Print_ListsDiskGuidAndPartitions()
    {
        using var directory = new TempDirectory();
        string disk = WriteDisk(directory, SampleTable());

        string text = ExternalTool.Run(Sgdisk, ["-p", disk]).StandardOutputText;

        Assert.Contains("Disk identifier (GUID): 0A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9", text, StringComparison.Ordinal);
        Assert.Contains("Partition table holds up to 128 entries", text, StringComparison.Ordinal);
        Assert.Contains("Main partition table begins at sector 2 and ends at sector 33", text, StringComparison.Ordinal);
        Assert.Contains("First usable sector is 34, last usable sector is 131038", text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^\s+1\s+2048\s+34815\s+16\.0 MiB\s+EF00\s+EFI system$", RegexOptions.Multiline), text);
        Assert.Matches(new Regex(@"^\s+2\s+34816\s+131038\s+47\.0 MiB\s+0700\s+data$", RegexOptions.Multiline), text);
    }

    [Fact]
    public void Sgdisk_PartitionInfo_ShowsUniqueGuids()
    {
        using var directory = new TempDirectory();
        string disk = WriteDisk(directory, SampleTable());

        string first = ExternalTool.Run(Sgdisk, ["-i", "1", disk]).StandardOutputText;
        string second = ExternalTool.Run(Sgdisk, ["-i", "2", disk]).StandardOutputText;

        Assert.Contains("Partition unique GUID: 11111111-2222-3333-4444-555555555555", first, StringComparison.Ordinal);
        Assert.Contains("Partition GUID code: C12A7328-F81F-11D2-BA4B-00A0C93EC93B (EFI system partition)", first, StringComparison.Ordinal);
        Assert.Contains("Partition unique GUID: 66666666-7777-8888-9999-AAAAAAAAAAAA", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Sfdisk_Json_AgreesOnEveryField()
    {
        using var directory = new TempDirectory();
        string disk = WriteDisk(directory, SampleTable());

        using JsonDocument json = JsonDocument.Parse(ExternalTool.Run(Sfdisk, ["--json", disk]).StandardOutput);
        JsonElement table = json.RootElement.GetProperty("partitiontable");

        Assert.Equal("gpt", table.GetProperty("label").GetString());
        Assert.Equal("0A1B2C3D-4E5F-4071-8293-A4B5C6D7E8F9", table.GetProperty("id").GetString());
        Assert.Equal(34, table.GetProperty("firstlba").GetInt64());
        Assert.Equal(131038, table.GetProperty("lastlba").GetInt64());
        JsonElement[] partitions = table.GetProperty("partitions").EnumerateArray().ToArray();
        Assert.Equal(2, partitions.Length);
        Assert.Equal(2048, partitions[0].GetProperty("start").GetInt64());
        Assert.Equal(32768, partitions[0].GetProperty("size").GetInt64());
        Assert.Equal("C12A7328-F81F-11D2-BA4B-00A0C93EC93B", partitions[0].GetProperty("type").GetString());
        Assert.Equal("11111111-2222-3333-4444-555555555555", partitions[0].GetProperty("uuid").GetString());
        Assert.Equal("EFI system", partitions[0].GetProperty("name").GetString());
        Assert.Equal(34816, partitions[1].GetProperty("start").GetInt64());
        Assert.Equal(96223, partitions[1].GetProperty("size").GetInt64());
        Assert.Equal("EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", partitions[1].GetProperty("type").GetString());
        Assert.Equal("data", partitions[1].GetProperty("name").GetString());
    }

    [Fact]
    public void Fdisk_List_ShowsGptWithTypes_AndNoComplaints()
    {
        using var directory = new TempDirectory();
        string disk = WriteDisk(directory, SampleTable());

        ExternalTool.Result result = ExternalTool.Run(Fdisk, ["-l", disk]);

        string text = result.StandardOutputText;
        Assert.Contains("Disklabel type: gpt", text, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"disk\.img1\s+2048\s+34815\s+32768\s+16M EFI System"), text);
        Assert.Matches(new Regex(@"disk\.img2\s+34816\s+131038\s+96223\s+47M Microsoft basic data"), text);
        Assert.Equal("", result.StandardError.Trim());
    }

    [Fact]
    public void SameLayoutBySgdisk_IsByteIdentical()
    {
        // sgdisk builds the same disk from scratch; its protective MBR and both GPT copies must equal ours.
        using var directory = new TempDirectory();
        string ours = WriteDisk(directory, SampleTable());
        string theirs = directory.Combine("sgdisk.img");
        using (var file = new FileStream(theirs, FileMode.CreateNew))
        {
            file.SetLength(DiskSectors * 512);
        }

        ExternalTool.Run(Sgdisk,
        [
            "-U", DiskId.ToString(),
            "-n", "1:2048:34815", "-t", "1:EF00", "-c", "1:EFI system", "-u", $"1:{EspId}",
            "-n", "2:34816:131038", "-t", "2:0700", "-c", "2:data", "-u", $"2:{DataId}",
            theirs,
        ]);

        Assert.Equal(ReadSectors(theirs, 0, 34), ReadSectors(ours, 0, 34));
        Assert.Equal(ReadSectors(theirs, DiskSectors - 33, 33), ReadSectors(ours, DiskSectors - 33, 33));
    }

    [Fact]
    public void CorruptedHeaderCrc_IsReportedBySgdisk()
    {
        using var directory = new TempDirectory();
        string disk = WriteDisk(directory, SampleTable());
        using (var file = new FileStream(disk, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = 512 + 16; // primary HeaderCRC32
            int value = file.ReadByte();
            file.Position = 512 + 16;
            file.WriteByte((byte)(value ^ 0xFF));
        }

        ExternalTool.Result result = ExternalTool.RunUnchecked(Sgdisk, ["-v", disk]);

        // sgdisk recovers from the backup (exit 0) but must report the damaged main header.
        string text = result.StandardOutputText + result.StandardError;
        Assert.Contains("Invalid CRC on main header", text, StringComparison.Ordinal);
        Assert.Contains("Main header: ERROR", text, StringComparison.Ordinal);
        Assert.Contains("Backup header: OK", text, StringComparison.Ordinal);
        Assert.Contains("corrupt GPT", text, StringComparison.Ordinal);
    }

    private static byte[] ReadSectors(string path, long firstLba, int count)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read);
        file.Position = firstLba * 512;
        var buffer = new byte[count * 512];
        file.ReadExactly(buffer);
        return buffer;
    }
}
