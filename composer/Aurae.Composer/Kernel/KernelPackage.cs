using System.Collections.ObjectModel;
using System.Text;
using Aurae.Composer.Debian;

namespace Aurae.Composer.Kernel;

/// <summary>
/// What a Debian kernel image package (linux-image-*) provides for composing a boot image: the
/// kernel release, the compressed kernel (vmlinuz), its build configuration, and every loadable
/// module with its modinfo.
/// </summary>
public sealed class KernelPackage
{
    // Debian kernel packages install /boot/vmlinuz-<release> and /boot/config-<release>, and the
    // modules under /lib/modules/<release>/ (/usr/lib/modules/<release>/ once /usr is merged).
    private const string VmlinuzPrefix = "boot/vmlinuz-";
    private const string ConfigPrefix = "boot/config-";
    private static readonly string[] ModuleRoots = ["lib/modules/", "usr/lib/modules/"];

    // kbuild's "modules_install" writes modules.builtin: one line per built-in module, naming the
    // .ko it would have been ("kernel/fs/ext4/ext4.ko").
    private const string BuiltinListName = "modules.builtin";

    private KernelPackage(
        string sourcePath,
        string release,
        ReadOnlyMemory<byte> vmlinuz,
        string config,
        IReadOnlyDictionary<string, KernelModule> modules,
        IReadOnlySet<string> builtinModules)
    {
        SourcePath = sourcePath;
        Release = release;
        Vmlinuz = vmlinuz;
        Config = config;
        Modules = modules;
        BuiltinModules = builtinModules;
    }

    /// <summary>The package file this was read from.</summary>
    public string SourcePath { get; }

    /// <summary>The kernel release (uname -r), such as "6.1.0-56-cloud-amd64".</summary>
    public string Release { get; }

    /// <summary>The kernel image as the boot loader loads it (an x86 bzImage on amd64).</summary>
    public ReadOnlyMemory<byte> Vmlinuz { get; }

    /// <summary>The kernel build configuration (boot/config-&lt;release&gt;).</summary>
    public string Config { get; }

    /// <summary>The loadable modules by (normalized) name, in name order.</summary>
    public IReadOnlyDictionary<string, KernelModule> Modules { get; }

    /// <summary>Names of modules built into the kernel image (from modules.builtin; empty if absent).</summary>
    public IReadOnlySet<string> BuiltinModules { get; }

    /// <summary>Reads the kernel package at <paramref name="path"/>, streaming it once.</summary>
    /// <exception cref="DebPackageException">Not a readable kernel package.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static KernelPackage FromDeb(string path)
    {
        var package = DebPackage.Open(path);
        var releases = new SortedSet<string>(StringComparer.Ordinal);
        ReadOnlyMemory<byte>? vmlinuz = null;
        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        var modules = new SortedDictionary<string, KernelModule>(StringComparer.Ordinal);
        var builtin = new SortedSet<string>(StringComparer.Ordinal);

        foreach (var entry in package.ReadDataEntries())
        {
            if (entry.Path.StartsWith(VmlinuzPrefix, StringComparison.Ordinal) && entry.IsRegularFile)
            {
                releases.Add(entry.Path[VmlinuzPrefix.Length..]);
                vmlinuz = entry.ReadContent();
            }
            else if (entry.Path.StartsWith(ConfigPrefix, StringComparison.Ordinal) && entry.IsRegularFile)
            {
                configs[entry.Path[ConfigPrefix.Length..]] = Encoding.UTF8.GetString(entry.ReadContent());
            }
            else if (SplitModulePath(entry.Path) is var (release, relativePath))
            {
                releases.Add(release);
                if (!entry.IsRegularFile)
                    continue;
                if (relativePath == BuiltinListName)
                    builtin.UnionWith(ParseBuiltinList(entry.ReadContent()));
                else if (KernelModule.IsModuleFile(relativePath))
                    AddModule(path, modules, ReadModule(path, entry, relativePath));
            }
        }

        if (releases.Count > 1)
            throw new DebPackageException(path, $"several kernel releases in one package: {string.Join(", ", releases)}");
        if (vmlinuz is null)
            throw new DebPackageException(path, $"no kernel image: '{VmlinuzPrefix}<release>' is missing");
        var kernelRelease = releases.Single();
        if (!configs.TryGetValue(kernelRelease, out var config))
            throw new DebPackageException(path, $"no kernel configuration: '{ConfigPrefix}{kernelRelease}' is missing");

        return new KernelPackage(path, kernelRelease, vmlinuz.Value, config,
            new ReadOnlyDictionary<string, KernelModule>(modules), builtin);
    }

    /// <summary>"lib/modules/6.1.0-56-cloud-amd64/kernel/x.ko" → ("6.1.0-56-cloud-amd64", "kernel/x.ko").</summary>
    private static (string Release, string RelativePath)? SplitModulePath(string path)
    {
        foreach (var root in ModuleRoots)
        {
            if (!path.StartsWith(root, StringComparison.Ordinal) || path.Length == root.Length)
                continue;
            var rest = path[root.Length..];
            var slash = rest.IndexOf('/');
            return slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
        }
        return null;
    }

    private static KernelModule ReadModule(string packagePath, DebDataEntry entry, string relativePath)
    {
        var content = entry.ReadContent();
        try
        {
            return KernelModule.FromFile(relativePath, content);
        }
        catch (InvalidDataException e)
        {
            // The module's errors start with its relative path; prefix the module directory so the
            // message names the file as the package stores it.
            var moduleDirectory = entry.Path[..^relativePath.Length];
            throw new DebPackageException(packagePath, moduleDirectory + e.Message, e);
        }
    }

    private static void AddModule(string packagePath, SortedDictionary<string, KernelModule> modules, KernelModule module)
    {
        if (modules.TryGetValue(module.Name, out var existing))
            throw new DebPackageException(packagePath,
                $"two files provide module '{module.Name}': '{existing.Path}' and '{module.Path}'");
        modules.Add(module.Name, module);
    }

    private static IEnumerable<string> ParseBuiltinList(byte[] content) =>
        Encoding.UTF8.GetString(content)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => Path.GetFileName(line))
            .Where(KernelModule.IsModuleFile)
            .Select(file => KernelModule.NormalizeName(file[..file.IndexOf(".ko", StringComparison.Ordinal)]));
}
