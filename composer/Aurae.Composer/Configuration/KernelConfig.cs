using Aurae.Composer.Kernel;

namespace Aurae.Composer.Configuration;

/// <summary>The kernel to boot, its command line and the modules the image carries and loads.</summary>
/// <param name="Modules">kernel.modules: selectors of the modules the image carries (with their dependencies).</param>
/// <param name="ModulesExclude">kernel.modules_exclude: selectors of modules never carried, nor what needs them.</param>
/// <param name="ModulesLoad">
/// kernel.modules_load: modules loaded at boot; null when absent, meaning the plain names in <see cref="Modules"/>.
/// </param>
public sealed record KernelConfig(
    KernelSource Source,
    string Cmdline,
    IReadOnlyList<ModuleSelector> Modules,
    IReadOnlyList<ModuleSelector> ModulesExclude,
    IReadOnlyList<NameModuleSelector>? ModulesLoad)
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

/// <summary>
/// A kernel image (an x86 bzImage), its build configuration, and a tarball of its
/// lib/modules/RELEASE/; all paths are absolute.
/// </summary>
public sealed record KernelFilesSource(string Vmlinuz, string ModulesTarball, string Config) : KernelSource;
