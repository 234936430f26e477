namespace Aurae.Composer.Kernel;

/// <summary>
/// Where the files of a kernel are in a directory laid out like an installed system's /boot and
/// /lib/modules (node.yaml's kernel.directory). The rule, checked in this order:
/// the kernel image is the one "vmlinuz-RELEASE" (or "vmlinuz"), RELEASE coming from its name or
/// else its header; the configuration is "config-RELEASE", "config" or ".config"; the modules are
/// in the first of "lib/modules/RELEASE", "usr/lib/modules/RELEASE", "modules/RELEASE" or "RELEASE".
/// </summary>
internal sealed class KernelDirectory
{
    private const string VmlinuzName = "vmlinuz";
    private const string VersionedVmlinuzPattern = "vmlinuz-*";
    private static readonly string[] ModuleRoots = ["lib/modules", "usr/lib/modules", "modules"];

    private KernelDirectory(string directory, string release, byte[] vmlinuz, string config, string modulesDirectory)
    {
        Directory = directory;
        Release = release;
        Vmlinuz = vmlinuz;
        Config = config;
        ModulesDirectory = modulesDirectory;
    }

    /// <summary>The kernel directory, absolute.</summary>
    public string Directory { get; }

    public string Release { get; }

    public byte[] Vmlinuz { get; }

    public string Config { get; }

    /// <summary>The lib/modules/&lt;release&gt; directory, absolute.</summary>
    public string ModulesDirectory { get; }

    /// <summary>Finds the kernel image, configuration and modules directory in <paramref name="directory"/>.</summary>
    /// <exception cref="KernelSourceException">One of them is missing, ambiguous or of another release.</exception>
    public static KernelDirectory Locate(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new KernelSourceException(directory, "the kernel directory does not exist");

        var (vmlinuzPath, namedRelease) = FindImage(directory);
        var vmlinuz = KernelPackage.ReadFile(directory, vmlinuzPath);
        var headerRelease = KernelPackage.ReleaseOfImage(vmlinuzPath, vmlinuz);
        if (namedRelease is not null && headerRelease is not null && namedRelease != headerRelease)
            throw new KernelSourceException(directory,
                $"'{Path.GetFileName(vmlinuzPath)}' names release '{namedRelease}', but its header says '{headerRelease}'");
        var release = namedRelease ?? headerRelease
            ?? throw new KernelSourceException(directory,
                $"cannot tell the kernel release: '{VmlinuzName}' has no version string; rename it '{VmlinuzName}-RELEASE'");

        string[] configNames = [$"config-{release}", "config", ".config"];
        var configPath = configNames.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists)
            ?? throw new KernelSourceException(directory,
                $"no kernel configuration: looked for {string.Join(", ", configNames.Select(n => $"'{n}'"))}");
        var config = System.Text.Encoding.UTF8.GetString(KernelPackage.ReadFile(directory, configPath));

        return new KernelDirectory(directory, release, vmlinuz, config, FindModules(directory, release));
    }

    /// <summary>The files to read under <see cref="ModulesDirectory"/>: (path relative to it, full path), in path order.</summary>
    public IEnumerable<(string RelativePath, string FullPath)> ModuleFiles()
    {
        // Symbolic links are skipped: lib/modules/RELEASE/build and source point into kernel sources.
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        return System.IO.Directory.EnumerateFiles(ModulesDirectory, "*", options)
            .Select(file => (RelativePath: Path.GetRelativePath(ModulesDirectory, file).Replace(Path.DirectorySeparatorChar, '/'), FullPath: file))
            .Where(file => ModuleTreeCollector.Wants(file.RelativePath))
            .OrderBy(file => file.RelativePath, StringComparer.Ordinal);
    }

    private static (string Path, string? Release) FindImage(string directory)
    {
        var versioned = System.IO.Directory.EnumerateFiles(directory, VersionedVmlinuzPattern)
            .Order(StringComparer.Ordinal).ToList();
        if (versioned.Count > 1)
            throw new KernelSourceException(directory,
                $"several kernel images ({string.Join(", ", versioned.Select(Path.GetFileName))}); give a directory holding one kernel");
        if (versioned.Count == 1)
            return (versioned[0], Path.GetFileName(versioned[0])[(VmlinuzName.Length + 1)..]);
        var plain = Path.Combine(directory, VmlinuzName);
        return File.Exists(plain)
            ? (plain, null)
            : throw new KernelSourceException(directory, $"no kernel image: looked for '{VmlinuzName}-RELEASE' and '{VmlinuzName}'");
    }

    private static string FindModules(string directory, string release)
    {
        var candidates = ModuleRoots.Select(root => $"{root}/{release}").Append(release).ToList();
        var found = candidates.FirstOrDefault(candidate => System.IO.Directory.Exists(Path.Combine(directory, candidate)));
        if (found is not null)
            return Path.Combine(directory, found);
        var others = ModuleRoots
            .Where(root => System.IO.Directory.Exists(Path.Combine(directory, root)))
            .SelectMany(root => System.IO.Directory.EnumerateDirectories(Path.Combine(directory, root))
                .Select(other => $"{root}/{Path.GetFileName(other)}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        throw new KernelSourceException(directory,
            $"no modules for kernel release '{release}': looked for {string.Join(", ", candidates.Select(c => $"'{c}'"))}" +
            (others.Count > 0 ? $"; found {string.Join(", ", others)}, of another release, which this kernel cannot load" : ""));
    }
}
