namespace Aurae.Daemon.Modules;

/// <summary>
/// Walks <c>SYSROOT/devices</c> for <c>modalias</c> files, as udev's coldplug does, without
/// following symbolic links (the /sys/bus and /sys/class views, and each device's
/// <c>subsystem</c>/<c>driver</c> links, point back into the same tree).
/// </summary>
public static class SysfsDevices
{
    /// <summary>Devices with a non-empty modalias, sorted by path; paths are given as <c>/sys/devices/...</c>.</summary>
    public static IReadOnlyList<SysfsDevice> Scan(string sysRoot)
    {
        var devices = new List<SysfsDevice>();
        var root = Path.Combine(sysRoot, "devices");
        if (!Directory.Exists(root))
            return devices;
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            var modalias = ReadModalias(Path.Combine(directory, "modalias"));
            if (modalias is not null)
                devices.Add(new SysfsDevice(SysPath(sysRoot, directory), modalias, HasDriver(directory)));
            try
            {
                foreach (var child in new DirectoryInfo(directory).EnumerateDirectories())
                {
                    if (child.LinkTarget is null)
                        pending.Push(child.FullName);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A device that went away while we looked, or a directory we may not read.
            }
        }
        devices.Sort((a, b) => string.CompareOrdinal(a.SysPath, b.SysPath));
        return devices;
    }

    private static string? ReadModalias(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists || info.LinkTarget is not null)
                return null;
            var text = File.ReadAllText(file).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool HasDriver(string directory)
    {
        var driver = Path.Combine(directory, "driver");
        return new FileInfo(driver).LinkTarget is not null || Directory.Exists(driver);
    }

    private static string SysPath(string sysRoot, string directory) =>
        "/sys/" + Path.GetRelativePath(sysRoot, directory).Replace(Path.DirectorySeparatorChar, '/');
}
