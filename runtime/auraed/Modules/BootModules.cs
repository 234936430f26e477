using Aurae.Contract.Modules;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Modules;

/// <summary>
/// The kernel modules a node loads at boot, in two phases: the manifest's forced modules in its
/// order (the network's drivers among them, in the examples), then coldplug for the devices the
/// kernel found. Two phases so the network can start between them: coldplug found nothing to load
/// on bench/boot's machine and still took 0.5 s under TCG (issue 19). Never throws: a node without
/// some driver still boots and answers the API.
/// </summary>
internal sealed class BootModules
{
    private const string SysRoot = "/sys";
    private readonly ModuleIndex? _index;
    private readonly ModuleProbe? _probe;

    private BootModules(ModuleIndex? index, ModuleProbe? probe)
    {
        _index = index;
        _probe = probe;
    }

    /// <summary>The modules loaded so far, in load order.</summary>
    public IReadOnlyList<string> Loaded => _probe?.Loaded ?? [];

    /// <summary>Reads the module index and loads the manifest's forced modules.</summary>
    public static BootModules LoadForced(IReadOnlyList<string> forced, KernelCommandLine commandLine)
    {
        ModuleIndex? index = null;
        ModuleProbe? probe = null;
        try
        {
            var moduleRoot = Path.Combine("/lib/modules", KernelRelease());
            index = ModuleIndex.Load(moduleRoot);
            foreach (var problem in index.Problems)
                ConsoleLog.Warn("modules", $"skipped {problem}");
            ConsoleLog.Info("modules", $"index {moduleRoot}: {index.Modules.Count} modules, {index.AliasCount} aliases, {index.Builtin.Count} built in");
            probe = new ModuleProbe(index, moduleRoot, SysRoot, new KernelModuleLoader(commandLine));
            foreach (var path in forced)
                probe.LoadFile("/" + path.TrimStart('/'));
        }
        catch (Exception e)
        {
            ConsoleLog.Error("modules", $"stopped: {e}");
        }
        return new BootModules(index, probe);
    }

    /// <summary>Loads what the devices the kernel found ask for, and efivarfs; returns everything loaded.</summary>
    public IReadOnlyList<string> Coldplug()
    {
        if (_index is null || _probe is null)
            return Loaded;
        try
        {
            new Coldplug(SysRoot, _index, _probe).Run();
            // No device asks for efivarfs, so coldplug never loads it; attestation reads Secure
            // Boot through it. Only when the node carries it: a node without it reports unknown.
            if (Directory.Exists(Firmware.SecureBootVariable.EfiRoot) && _index.TryGetModule("efivarfs", out _))
                _probe.Probe("efivarfs");
        }
        catch (Exception e)
        {
            ConsoleLog.Error("coldplug", $"stopped: {e}");
        }
        return Loaded;
    }

    private static string KernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ConsoleLog.Error("modules", $"cannot read the kernel release: {e.Message}");
            return "unknown";
        }
    }
}
