using System.Text;
using Aurae.Images.Deb;

namespace Aurae.Composer.Kernel;

/// <summary>
/// What a kernel provides for composing a boot image: the kernel release, the compressed kernel
/// (vmlinuz), its build configuration, and every loadable module with its modinfo. Read from a
/// Debian kernel image package (linux-image-*), an installed kernel's directory, or a kernel image
/// with a modules tarball.
/// </summary>
public sealed class KernelPackage
{
    // Debian kernel packages install /boot/vmlinuz-<release> and /boot/config-<release>, and the
    // modules under /lib/modules/<release>/ (/usr/lib/modules/<release>/ once /usr is merged).
    private const string VmlinuzPrefix = "boot/vmlinuz-";
    private const string ConfigPrefix = "boot/config-";
    private static readonly string[] ModuleRoots = ["lib/modules/", "usr/lib/modules/"];

    /// <summary>A kernel from parts already read (a build cache entry); <paramref name="modules"/> holds what was kept.</summary>
    internal KernelPackage(
        string sourcePath,
        string release,
        ReadOnlyMemory<byte> vmlinuz,
        string config,
        ModuleTreeCollector modules)
    {
        SourcePath = sourcePath;
        Release = release;
        Vmlinuz = vmlinuz;
        Config = config;
        Modules = modules.Modules;
        BuiltinModules = modules.BuiltinModules;
        BuiltinModulePaths = modules.BuiltinModulePaths;
    }

    /// <summary>What this was read from: the package file, the kernel directory, or the kernel image file.</summary>
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

    /// <summary>modules.builtin as the kernel wrote it: the path each built-in module would have, sorted.</summary>
    public IReadOnlyList<string> BuiltinModulePaths { get; }

    /// <summary>Reads the kernel package at <paramref name="path"/>, streaming it once.</summary>
    /// <exception cref="DebPackageException">Not a readable kernel package.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static KernelPackage FromDeb(string path)
    {
        var package = DebPackage.Open(path);
        var releases = new SortedSet<string>(StringComparer.Ordinal);
        ReadOnlyMemory<byte>? vmlinuz = null;
        var configs = new Dictionary<string, string>(StringComparer.Ordinal);
        var modules = new ModuleTreeCollector();

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
                if (!entry.IsRegularFile || !ModuleTreeCollector.Wants(relativePath))
                    continue;
                try
                {
                    modules.Add(relativePath, entry.Path, entry.ReadContent());
                }
                catch (InvalidDataException e)
                {
                    throw new DebPackageException(path, e.Message, e);
                }
            }
        }

        if (releases.Count > 1)
            throw new DebPackageException(path, $"several kernel releases in one package: {string.Join(", ", releases)}");
        if (vmlinuz is null)
            throw new DebPackageException(path, $"no kernel image: '{VmlinuzPrefix}<release>' is missing");
        var kernelRelease = releases.Single();
        if (!configs.TryGetValue(kernelRelease, out var config))
            throw new DebPackageException(path, $"no kernel configuration: '{ConfigPrefix}{kernelRelease}' is missing");

        return new KernelPackage(path, kernelRelease, vmlinuz.Value, config, modules);
    }

    /// <summary>
    /// Reads an installed or unpacked kernel from <paramref name="directory"/>, laid out as
    /// <see cref="KernelDirectory"/> describes: vmlinuz[-RELEASE], config[-RELEASE] (or .config) and
    /// the modules of that release.
    /// </summary>
    /// <exception cref="KernelSourceException">A file is missing, unreadable, or of another release.</exception>
    public static KernelPackage FromDirectory(string directory)
    {
        var layout = KernelDirectory.Locate(directory);
        var modules = new ModuleTreeCollector();
        foreach (var (relativePath, file) in layout.ModuleFiles())
        {
            var storedPath = Path.GetRelativePath(layout.Directory, file);
            try
            {
                modules.Add(relativePath, storedPath, ReadFile(layout.Directory, file));
            }
            catch (InvalidDataException e)
            {
                throw new KernelSourceException(layout.Directory, e.Message, e);
            }
        }
        return new KernelPackage(layout.Directory, layout.Release, layout.Vmlinuz, layout.Config, modules);
    }

    /// <summary>
    /// Reads a kernel given as a kernel image (an x86 bzImage), its build configuration and a
    /// tarball of its modules (see <see cref="ModulesTarball"/>). The tarball's release must be
    /// the one the kernel image names in its header.
    /// </summary>
    /// <exception cref="KernelSourceException">A file is missing, corrupt, or of another release.</exception>
    public static KernelPackage FromFiles(string vmlinuz, string modulesTarball, string config)
    {
        ArgumentException.ThrowIfNullOrEmpty(vmlinuz);
        ArgumentException.ThrowIfNullOrEmpty(modulesTarball);
        ArgumentException.ThrowIfNullOrEmpty(config);
        var image = ReadFile(vmlinuz, vmlinuz);
        var imageRelease = ReleaseOfImage(vmlinuz, image)
            ?? throw new KernelSourceException(vmlinuz,
                "the kernel image has no version string, so its modules cannot be checked against it");
        var configText = Encoding.UTF8.GetString(ReadFile(config, config));
        var modules = new ModuleTreeCollector();
        var tarballRelease = ModulesTarball.Read(modulesTarball, modules);
        if (tarballRelease != imageRelease)
            throw new KernelSourceException(modulesTarball,
                $"the modules are for kernel release '{tarballRelease}', but the kernel image '{vmlinuz}' is release " +
                $"'{imageRelease}'; a kernel cannot load another release's modules");
        return new KernelPackage(vmlinuz, imageRelease, image, configText, modules);
    }

    /// <summary>The release the bzImage header names ("6.1.0-56-cloud-amd64"), null when it names none.</summary>
    /// <exception cref="KernelSourceException">Not a bzImage.</exception>
    internal static string? ReleaseOfImage(string path, byte[] image)
    {
        try
        {
            return Aurae.Images.LinuxKernel.BzImage.Parse(image).KernelRelease;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException)
        {
            throw new KernelSourceException(path, $"not a kernel image (x86 bzImage): {e.Message}", e);
        }
    }

    /// <summary>Reads a whole file, naming <paramref name="source"/> when that fails.</summary>
    internal static byte[] ReadFile(string source, string file)
    {
        try
        {
            return File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KernelSourceException(source, $"cannot read '{file}': {e.Message}", e);
        }
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
}
