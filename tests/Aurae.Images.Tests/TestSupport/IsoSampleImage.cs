using Aurae.Images.Iso;

namespace Aurae.Images.Tests.TestSupport;

/// <summary>
/// One bootable hybrid ISO built for the tool validation tests, with the inputs it was built from: real ISOLINUX
/// files, an EFI FAT image made by mkfs.fat and mcopy, long, lowercase, colliding and non-ASCII names, a deep
/// tree, an empty file and directory, and a 40 MB streamed file.
/// </summary>
public sealed class IsoSampleImage : IDisposable
{
    internal const string Xorriso = "/usr/bin/xorriso";
    internal const string IsolinuxBinPath = "/usr/lib/ISOLINUX/isolinux.bin";
    internal const string IsohdpfxPath = "/usr/lib/ISOLINUX/isohdpfx.bin";
    internal const string LdlinuxPath = "/usr/lib/syslinux/modules/bios/ldlinux.c32";
    internal const string MkfsFat = "/usr/sbin/mkfs.fat";
    internal const string Mmd = "/usr/bin/mmd";
    internal const string Mcopy = "/usr/bin/mcopy";

    internal const string VolumeId = "AURAE_TEST";
    internal const string BootFile = "isolinux/isolinux.bin";
    internal const string Catalog = "isolinux/boot.cat";
    internal const string EfiImagePath = "EFI/efi.img";
    internal const string BigFile = "boot/aurae.efi";
    internal const int BigFileLength = 40 * 1024 * 1024;
    internal const uint DiskSignature = 0x4155_5241;

    internal static readonly DateTimeOffset Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    internal static readonly Guid DiskId = new("6b1f3c2e-0d4a-4e8b-9a51-3c7d2e9f0a11");
    internal static readonly Guid EspId = new("6b1f3c2e-0d4a-4e8b-9a51-3c7d2e9f0a12");
    internal static readonly Guid IsoId = new("6b1f3c2e-0d4a-4e8b-9a51-3c7d2e9f0a13");

    private static int s_efiImageCounter;

    private readonly TempDirectory _temp = new();

    public IsoSampleImage()
    {
        EfiImage = CreateEfiImage(_temp, "BOOTX64.EFI payload"u8.ToArray(), kibibytes: 2880);
        Files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [BootFile] = File.ReadAllBytes(ExternalTool.Require(IsolinuxBinPath)),
            ["isolinux/ldlinux.c32"] = File.ReadAllBytes(ExternalTool.Require(LdlinuxPath)),
            ["isolinux/isolinux.cfg"] = "DEFAULT linux\nLABEL linux\n  KERNEL /boot/vmlinuz\n"u8.ToArray(),
            [EfiImagePath] = EfiImage,
            ["boot/vmlinuz"] = Pattern(1_000_003, seed: 1),
            ["boot/initrd.img"] = Pattern(70_000, seed: 2),
            ["etc/empty"] = [],
            ["Long Name With Spaces and lowercase.config.txt"] = "long"u8.ToArray(),
            [new string('n', 200) + ".txt"] = "two hundred"u8.ToArray(),
            [new string('m', 255)] = "two hundred fifty-five"u8.ToArray(),
            ["a/b/c/d/e/f/g/h/i/j/k/deep.txt"] = "eleven levels down"u8.ToArray(),
            ["foo.txt"] = "lower"u8.ToArray(),
            ["FOO.TXT"] = "upper"u8.ToArray(),
            ["a-b.txt"] = "dash"u8.ToArray(),
            ["a_b.txt"] = "underscore"u8.ToArray(),
            ["übergröße/ñame.txt"] = "utf-8"u8.ToArray(),
            ["archive.tar.gz"] = Pattern(5000, seed: 3),
            [".hidden"] = "dot file"u8.ToArray(),
        };
        // A directory of several sectors, whose long names fill several continuation sectors.
        for (int i = 0; i < 120; i++)
        {
            Files[$"many/file-{i:D3}.txt"] = System.Text.Encoding.ASCII.GetBytes($"file {i}\n");
        }

        for (int i = 0; i < 30; i++)
        {
            Files[$"many/{new string('L', 200)}-{i:D2}"] = System.Text.Encoding.ASCII.GetBytes($"long {i}\n");
        }

        Directories = ["emptydir", "many", "a", "a/b", "a/b/c", "a/b/c/d", "a/b/c/d/e", "a/b/c/d/e/f", "a/b/c/d/e/f/g",
            "a/b/c/d/e/f/g/h", "a/b/c/d/e/f/g/h/i", "a/b/c/d/e/f/g/h/i/j", "a/b/c/d/e/f/g/h/i/j/k",
            "isolinux", "EFI", "boot", "etc", "übergröße"];
        BigFileContent = Pattern(BigFileLength, seed: 4);

        ImagePath = _temp.Combine("sample.iso");
        using (FileStream output = File.Create(ImagePath))
        {
            CreateBuilder().WriteTo(output);
        }
    }

    /// <summary>Files added from memory, by path.</summary>
    internal Dictionary<string, byte[]> Files { get; }

    /// <summary>Every directory, explicit or implied.</summary>
    internal string[] Directories { get; }

    internal byte[] BigFileContent { get; }

    internal byte[] EfiImage { get; }

    internal string ImagePath { get; }

    internal TempDirectory Temp => _temp;

    /// <summary>A builder with the sample's whole tree and boot options; each call gives an independent builder.</summary>
    internal IsoImageBuilder CreateBuilder()
    {
        var builder = new IsoImageBuilder(VolumeId, Timestamp);
        foreach ((string path, byte[] content) in Files)
        {
            builder.AddFile(path, content);
        }

        builder.AddDirectory("emptydir");
        byte[] big = BigFileContent;
        builder.AddFile(BigFile, () => new MemoryStream(big, writable: false), big.Length);
        builder.BiosBoot = new ElToritoBiosBoot(BootFile, Catalog);
        builder.EfiBoot = new ElToritoEfiBoot(EfiImagePath);
        builder.Hybrid = new IsoHybridOptions(File.ReadAllBytes(ExternalTool.Require(IsohdpfxPath)), DiskSignature, DiskId, EspId, IsoId);
        return builder;
    }

    /// <summary>A FAT image made by mkfs.fat holding \EFI\BOOT\BOOTX64.EFI, copied in with mtools.</summary>
    internal static byte[] CreateEfiImage(TempDirectory temp, byte[] bootx64, int kibibytes)
    {
        int id = Interlocked.Increment(ref s_efiImageCounter);
        string image = temp.Combine($"efi-{id}.img");
        string payload = temp.Combine($"BOOTX64-{id}.EFI");
        File.WriteAllBytes(payload, bootx64);
        ExternalTool.Run(MkfsFat, ["-C", image, kibibytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        ExternalTool.Run(Mmd, ["-i", image, "::/EFI", "::/EFI/BOOT"]);
        ExternalTool.Run(Mcopy, ["-i", image, payload, "::/EFI/BOOT/BOOTX64.EFI"]);
        return File.ReadAllBytes(image);
    }

    /// <summary>Deterministic non-repeating-looking bytes, so misplaced sectors show up in comparisons.</summary>
    internal static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        uint state = (uint)seed * 2_654_435_761u;
        for (int i = 0; i < length; i++)
        {
            state = (state * 1_664_525u) + 1_013_904_223u;
            data[i] = (byte)(state >> 24);
        }

        return data;
    }

    public void Dispose() => _temp.Dispose();
}
