using Aurae.Contract.Modules;
using Aurae.Daemon.Modules;

namespace Aurae.Daemon.Tests.Modules;

/// <summary>Coldplug over a fake sysfs: what it loads, in which order, and what it leaves unbound.</summary>
public sealed class ColdplugTests : IDisposable
{
    private const string NetPci = "pci0000:00/0000:00:03.0";
    private const string BlkPci = "pci0000:00/0000:00:04.0";
    private const string NetPciAlias = "pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00";
    private const string BlkPciAlias = "pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00";
    private const string E1000Alias = "pci:v00008086d0000100Esv00001AF4sd00001100bc02sc00i00";

    private readonly ModuleTree _tree = new();
    private readonly RecordingModuleLoader _loader;

    public ColdplugTests()
    {
        _loader = new RecordingModuleLoader(_tree);
        _tree.WriteIndexFile(ModuleIndexFileNames.Dependencies,
            "kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko",
            "kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko",
            "kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko",
            "kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko",
            "kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio_pci_modern_dev.ko kernel/drivers/virtio/virtio.ko kernel/drivers/virtio/virtio_ring.ko",
            "kernel/drivers/virtio/virtio_pci_modern_dev.ko:",
            "kernel/drivers/virtio/virtio_ring.ko:",
            "kernel/net/core/failover.ko:",
            "kernel/drivers/net/ethernet/intel/e1000/e1000.ko:",
            "kernel/drivers/char/hw_random/rng-core.ko:",
            "kernel/drivers/char/hw_random/virtio-rng.ko: kernel/drivers/char/hw_random/rng-core.ko");
        _tree.WriteIndexFile(ModuleIndexFileNames.Aliases,
            "alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci",
            "alias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000",
            "alias virtio:d00000001v* virtio_net",
            "alias virtio:d00000002v* virtio_blk",
            "alias virtio:d00000004v* virtio_rng",
            "alias virtio:d00000005v* virtio_balloon");
        _tree.WriteIndexFile(ModuleIndexFileNames.Softdeps, "softdep virtio_net pre: rng-core");
        _tree.WriteIndexFile(ModuleIndexFileNames.Builtin, "kernel/drivers/virtio/virtio_balloon.ko");

        // virtio_pci's probe adds one virtio device under each virtio PCI function; the virtio
        // drivers bind to them.
        _loader.OnLoad["virtio_pci"] = () =>
        {
            foreach (var (function, virtio) in new[] { (NetPci, "virtio0:virtio:d00000001v00001AF4"), (BlkPci, "virtio1:virtio:d00000002v00001AF4") })
            {
                if (!Directory.Exists(Path.Combine(_tree.SysRoot, "devices", function)))
                    continue;
                _tree.Bind(function, "virtio-pci");
                var colon = virtio.IndexOf(':');
                _tree.AddDevice($"{function}/{virtio[..colon]}", virtio[(colon + 1)..]);
            }
        };
        _loader.OnLoad["virtio_net"] = () => _tree.Bind($"{NetPci}/virtio0", "virtio_net");
        _loader.OnLoad["virtio_blk"] = () => _tree.Bind($"{BlkPci}/virtio1", "virtio_blk");
        _loader.OnLoad["e1000"] = () => _tree.Bind("pci0000:00/0000:00:05.0", "e1000");
    }

    public void Dispose() => _tree.Dispose();

    private ColdplugSummary Run(ModuleProbe? probe = null)
    {
        var index = ModuleIndex.Load(_tree.ModuleRoot);
        probe ??= new ModuleProbe(index, _tree.ModuleRoot, _tree.SysRoot, _loader);
        return new Coldplug(_tree.SysRoot, index, probe).Run();
    }

    [Fact]
    public void Loads_the_bus_driver_then_drivers_for_the_devices_it_adds_dependencies_first_once_each()
    {
        _tree.AddDevice(NetPci, NetPciAlias);
        _tree.AddDevice(BlkPci, BlkPciAlias);

        var summary = Run();

        Assert.Equal(
        [
            "virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci",
            // Second pass: the virtio devices virtio_pci added. rng-core is virtio_net's softdep pre:.
            "rng_core", "failover", "net_failover", "virtio_net",
            "virtio_blk",
        ], _loader.Names);
        Assert.Equal(Path.Combine(_tree.ModuleRoot, "kernel/drivers/net/virtio_net.ko"), _loader.Calls[7].Path);
        Assert.Equal(4, summary.Devices);
        Assert.Equal(9, summary.ModulesLoaded);
        Assert.Empty(summary.Unbound);
        // Pass 1 loads virtio_pci, pass 2 the virtio drivers, pass 3 finds nothing new.
        Assert.Equal(3, summary.Passes);
    }

    [Fact]
    public void Skips_built_in_modules_loaded_modules_bound_devices_and_devices_behind_symlinks()
    {
        _tree.AddDevice(NetPci, NetPciAlias);
        _tree.MarkLoaded("virtio_ring");   // already in the kernel (e.g. forced)
        _tree.MarkLoaded("failover");
        // Bound already: its alias would pull in e1000, which must not be loaded.
        _tree.AddDevice("pci0000:00/0000:00:05.0", E1000Alias);
        _tree.Bind("pci0000:00/0000:00:05.0", "builtin-driver");
        // A balloon device: its driver is built in.
        _tree.AddDevice("virtio_mmio.0/virtio5", "virtio:d00000005v00001AF4");
        // Symlinks inside /sys/devices lead elsewhere (and into loops); they must not be followed.
        var elsewhere = Path.Combine(_tree.SysRoot, "elsewhere", "dev");
        Directory.CreateDirectory(elsewhere);
        File.WriteAllText(Path.Combine(elsewhere, "modalias"), "virtio:d00000004v00001AF4\n");
        Directory.CreateSymbolicLink(Path.Combine(_tree.SysRoot, "devices", NetPci, "subsystem"), Path.Combine(_tree.SysRoot, "elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(_tree.SysRoot, "devices", NetPci, "loop"), Path.Combine(_tree.SysRoot, "devices"));
        // A modalias that is itself a symlink is not a device's own.
        File.CreateSymbolicLink(Path.Combine(_tree.SysRoot, "devices", "pci0000:00", "modalias"), Path.Combine(elsewhere, "modalias"));

        var summary = Run();

        Assert.Equal(["virtio", "virtio_pci_modern_dev", "virtio_pci", "rng_core", "net_failover", "virtio_net"], _loader.Names);
        Assert.DoesNotContain("virtio_rng", _loader.Names);
        Assert.Equal(["/sys/devices/virtio_mmio.0/virtio5"], summary.Unbound.Select(d => d.SysPath));
        Assert.Equal("virtio:d00000005v00001AF4", summary.Unbound[0].Modalias);
        Assert.Equal(4, summary.Devices);
    }

    [Fact]
    public void A_failing_module_is_tried_once_and_its_dependents_are_not_tried()
    {
        _tree.AddDevice(NetPci, NetPciAlias);
        _tree.AddDevice("pci0000:00/0000:00:06.0", NetPciAlias.Replace("d00001000", "d00001041"));
        _loader.Failing.Add("virtio");

        var summary = Run();

        Assert.Equal(["virtio_ring", "virtio", "virtio_pci_modern_dev"], _loader.Names);
        Assert.Equal(2, summary.ModulesLoaded);
        Assert.Equal(2, summary.Unbound.Count);
        // Pass 1 loaded two modules, so pass 2 looked again and found nothing to do.
        Assert.Equal(2, summary.Passes);
    }

    [Fact]
    public void Forced_modules_count_once_and_stay_first_in_the_loaded_list()
    {
        _tree.AddDevice(NetPci, NetPciAlias);
        var index = ModuleIndex.Load(_tree.ModuleRoot);
        var probe = new ModuleProbe(index, _tree.ModuleRoot, _tree.SysRoot, _loader);
        Assert.True(probe.LoadFile(Path.Combine(_tree.ModuleRoot, "kernel/drivers/virtio/virtio_ring.ko")));
        Assert.True(probe.LoadFile(Path.Combine(_tree.ModuleRoot, "kernel/drivers/virtio/virtio.ko")));
        Assert.False(probe.LoadFile(Path.Combine(_tree.ModuleRoot, "kernel/drivers/virtio/virtio.ko")));

        var summary = Run(probe);

        Assert.Equal(["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci", "rng_core", "failover", "net_failover", "virtio_net"], probe.Loaded);
        Assert.Equal(probe.Loaded, _loader.Names);
        Assert.Equal(6, summary.ModulesLoaded);
    }

    [Fact]
    public void Stops_after_the_pass_limit_when_every_pass_adds_devices()
    {
        // A driver that adds another device needing itself again: a bounded walk, not a hang.
        var depth = 0;
        var dep = new List<string>();
        var aliases = new List<string>();
        for (var i = 0; i < Coldplug.MaxPasses + 2; i++)
        {
            dep.Add($"kernel/chain{i}.ko:");
            aliases.Add($"alias chain:{i} chain{i}");
            var next = i + 1;
            _loader.OnLoad[$"chain{i}"] = () => _tree.AddDevice(string.Join('/', Enumerable.Range(0, ++depth + 1).Select(n => $"d{n}")), $"chain:{next}");
        }
        _tree.WriteIndexFile(ModuleIndexFileNames.Dependencies, [.. dep]);
        _tree.WriteIndexFile(ModuleIndexFileNames.Aliases, [.. aliases]);
        _tree.WriteIndexFile(ModuleIndexFileNames.Softdeps);
        _tree.AddDevice("d0", "chain:0");

        var summary = Run();

        Assert.Equal(Coldplug.MaxPasses, summary.Passes);
        Assert.Equal(Enumerable.Range(0, Coldplug.MaxPasses).Select(i => $"chain{i}"), _loader.Names);
    }

    [Fact]
    public void No_index_and_no_devices_load_nothing()
    {
        using var empty = new ModuleTree();
        var loader = new RecordingModuleLoader(empty);
        var index = ModuleIndex.Load(empty.ModuleRoot);
        var summary = new Coldplug(empty.SysRoot, index, new ModuleProbe(index, empty.ModuleRoot, empty.SysRoot, loader)).Run();
        Assert.Empty(loader.Calls);
        Assert.Equal((0, 0, 0, 1), (summary.Devices, summary.ModulesLoaded, summary.Unbound.Count, summary.Passes));
    }
}
