namespace Aurae.Daemon.Tests.Modules;

/// <summary>A temporary directory with a fake <c>sys/</c> and <c>lib/modules/RELEASE/</c> for coldplug tests.</summary>
public sealed class ModuleTree : IDisposable
{
    public ModuleTree(string release = "9.9.9-test-amd64")
    {
        Release = release;
        Root = Path.Combine(Path.GetTempPath(), "aurae-modules-" + Path.GetRandomFileName());
        Directory.CreateDirectory(Path.Combine(Root, "sys", "devices"));
        Directory.CreateDirectory(Path.Combine(Root, "sys", "module"));
        Directory.CreateDirectory(ModuleRoot);
    }

    public string Root { get; }
    public string Release { get; }
    public string SysRoot => Path.Combine(Root, "sys");
    public string ModuleRoot => Path.Combine(Root, "lib", "modules", Release);

    /// <summary>Writes one of the index files (modules.dep, ...) from lines.</summary>
    public void WriteIndexFile(string name, params string[] lines) =>
        File.WriteAllText(Path.Combine(ModuleRoot, name), string.Join('\n', lines) + "\n");

    /// <summary>A device directory under sys/devices with a modalias file (written with a trailing newline, as sysfs does).</summary>
    public string AddDevice(string devicePath, string modalias)
    {
        var directory = Path.Combine(SysRoot, "devices", devicePath);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "modalias"), modalias + "\n");
        return directory;
    }

    /// <summary>Binds a device to a driver: the <c>driver</c> symlink sysfs creates on bind.</summary>
    public void Bind(string devicePath, string driver)
    {
        var driverDirectory = Path.Combine(SysRoot, "bus", "fake", "drivers", driver);
        Directory.CreateDirectory(driverDirectory);
        var link = Path.Combine(SysRoot, "devices", devicePath, "driver");
        if (!Path.Exists(link))
            File.CreateSymbolicLink(link, driverDirectory);
    }

    public void MarkLoaded(string module) => Directory.CreateDirectory(Path.Combine(SysRoot, "module", module));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
