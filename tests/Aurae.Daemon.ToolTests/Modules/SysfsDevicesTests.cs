using Aurae.Testing;
using Aurae.Daemon.Modules;

namespace Aurae.Daemon.Tests.Modules;

public sealed class SysfsDevicesTests
{
    [Fact]
    public void Finds_the_same_modalias_files_as_find_on_the_hosts_real_sysfs()
    {
        // The real /sys/devices is full of links back into itself (subsystem, driver,
        // firmware_node, ...): find(1) without -L does not follow them either.
        var (exit, output, error) = Tool.Run("find", ["/sys/devices", "-name", "modalias", "-type", "f"]);
        Assert.True(exit is 0 or 1, error);   // 1: a few attributes may not be readable
        var expected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(f => File.ReadAllText(f).Trim().Length > 0)
            .Select(f => Path.GetDirectoryName(f)!)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(expected);

        var devices = SysfsDevices.Scan("/sys");

        Assert.Equal(expected, devices.Select(d => d.SysPath));
        foreach (var device in devices)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(device.SysPath, "modalias")).Trim(), device.Modalias);
            Assert.Equal(Path.Exists(Path.Combine(device.SysPath, "driver")), device.HasDriver);
        }
    }

    [Fact]
    public void A_missing_devices_directory_has_no_devices()
    {
        using var tree = new ModuleTree();
        Directory.Delete(Path.Combine(tree.SysRoot, "devices"));
        Assert.Empty(SysfsDevices.Scan(tree.SysRoot));
    }
}
