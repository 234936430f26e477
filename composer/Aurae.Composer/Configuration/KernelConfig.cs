namespace Aurae.Composer.Configuration;

/// <summary>The kernel to boot, its command line and the modules the image carries and loads.</summary>
public sealed record KernelConfig(KernelSource Source, string Cmdline, IReadOnlyList<string> Modules)
{
    public const string DefaultCmdline = "console=ttyS0";
}

/// <summary>
/// Where the kernel comes from. A closed hierarchy, so a config with both or neither source
/// cannot be represented.
/// </summary>
public abstract record KernelSource
{
    private protected KernelSource() { }
}

/// <summary>A Debian kernel package (linux-image-*.deb); <see cref="DebPath"/> is absolute.</summary>
public sealed record DebKernelSource(string DebPath) : KernelSource;

/// <summary>An unpacked kernel (vmlinuz, config, lib/modules/RELEASE); <see cref="Directory"/> is absolute.</summary>
public sealed record DirectoryKernelSource(string Directory) : KernelSource;
