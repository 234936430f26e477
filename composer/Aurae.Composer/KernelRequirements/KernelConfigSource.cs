using Aurae.Contract.Yaml;
using System.Buffers.Binary;
using Aurae.Composer.Kernel;
using Aurae.Images.LinuxKernel;

namespace Aurae.Composer.KernelRequirements;

/// <summary>
/// Finds a kernel's .config in what a user points at: a Debian kernel package, a directory holding config-* or
/// .config (such as /boot), a .config file, or a bzImage/vmlinux built with CONFIG_IKCONFIG.
/// </summary>
public static class KernelConfigSource
{
    /// <summary>The ar archive magic a .deb starts with (deb(5)).</summary>
    private static ReadOnlySpan<byte> ArMagic => "!<arch>\n"u8;

    /// <summary>The ELF magic (System V ABI, e_ident).</summary>
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>"HdrS" at 0x202 and 0x55AA at 0x1FE mark a bzImage (Documentation/arch/x86/boot.rst).</summary>
    private static ReadOnlySpan<byte> BzImageHeaderMagic => "HdrS"u8;

    private const int BzImageBootFlagOffset = 0x1FE;
    private const ushort BzImageBootFlag = 0xAA55;
    private const int BzImageHeaderOffset = 0x202;
    private const int SniffLength = 0x206;

    /// <summary>How much of a would-be text file is searched for NUL bytes to tell it from a binary.</summary>
    private const int TextProbeLength = 8192;

    private const string ConfigFilePattern = "config-*";
    private const string DotConfig = ".config";

    /// <summary>Reads and parses the configuration of the kernel at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">Nothing at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A binary with no configuration in it, or not a kernel at all.</exception>
    /// <exception cref="KernelConfigFormatException">The configuration has a bad line.</exception>
    public static KernelBuildConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            return FromDirectory(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such file or directory", path);

        var head = new byte[TextProbeLength];
        int headLength;
        using (var stream = File.OpenRead(path))
            headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        ReadOnlySpan<byte> start = head.AsSpan(0, headLength);

        if (start.StartsWith(ArMagic))
            return KernelBuildConfig.Parse(KernelPackage.FromDeb(path).Config, $"{path} (/boot/config-*)");
        if (IsBzImage(start))
        {
            var vmlinux = BzImage.Parse(File.ReadAllBytes(path)).ExtractVmlinux();
            return KernelBuildConfig.Parse(EmbeddedKernelConfig.Extract(vmlinux, path), $"{path} (IKCONFIG)");
        }
        if (start.StartsWith(ElfMagic))
            return KernelBuildConfig.Parse(EmbeddedKernelConfig.Extract(File.ReadAllBytes(path), path), $"{path} (IKCONFIG)");
        if (start.Contains((byte)0))
        {
            throw new InvalidDataException(
                $"{path} is not a kernel config file, a Debian kernel package, a bzImage or a vmlinux");
        }
        return KernelBuildConfig.Parse(File.ReadAllText(path), path);
    }

    private static bool IsBzImage(ReadOnlySpan<byte> start) =>
        start.Length >= SniffLength
        && BinaryPrimitives.ReadUInt16LittleEndian(start[BzImageBootFlagOffset..]) == BzImageBootFlag
        && start[BzImageHeaderOffset..].StartsWith(BzImageHeaderMagic);

    private static KernelBuildConfig FromDirectory(string directory)
    {
        var configs = Directory.GetFiles(directory, ConfigFilePattern).Order(StringComparer.Ordinal).ToList();
        if (configs.Count > 1)
        {
            throw new IOException(
                $"{directory} holds several kernel configs ({string.Join(", ", configs.Select(Path.GetFileName))}); name the one to check");
        }
        var config = configs.Count == 1 ? configs[0] : Path.Combine(directory, DotConfig);
        if (!File.Exists(config))
            throw new FileNotFoundException($"{directory} holds no {ConfigFilePattern} or {DotConfig} file", directory);
        return KernelBuildConfig.Parse(File.ReadAllText(config), config);
    }
}
