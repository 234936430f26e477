using Aurae.Contract.Modules;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Modules;

/// <summary>The kernel modules a node loads at boot: the manifest's, then what its devices need.</summary>
internal static class BootModules
{
    /// <summary>
    /// The manifest's forced modules in its order, then coldplug for the devices the kernel found.
    /// Never throws: a node without some driver still boots and answers the API.
    /// </summary>
    public static IReadOnlyList<string> Load(IReadOnlyList<string> forced, KernelCommandLine commandLine)
    {
        const string sysRoot = "/sys";
        ModuleProbe? probe = null;
        try
        {
            var moduleRoot = Path.Combine("/lib/modules", KernelRelease());
            var index = ModuleIndex.Load(moduleRoot);
            foreach (var problem in index.Problems)
                ConsoleLog.Warn("modules", $"skipped {problem}");
            ConsoleLog.Info("modules", $"index {moduleRoot}: {index.Modules.Count} modules, {index.AliasCount} aliases, {index.Builtin.Count} built in");
            probe = new ModuleProbe(index, moduleRoot, sysRoot, new KernelModuleLoader(commandLine));
            foreach (var path in forced)
                probe.LoadFile("/" + path.TrimStart('/'));
            new Coldplug(sysRoot, index, probe).Run();
            // No device asks for efivarfs, so coldplug never loads it; attestation reads Secure
            // Boot through it. Only when the node carries it: a node without it reports unknown.
            if (Directory.Exists(Firmware.SecureBootVariable.EfiRoot) && index.TryGetModule("efivarfs", out _))
                probe.Probe("efivarfs");
        }
        catch (Exception e)
        {
            ConsoleLog.Error("coldplug", $"stopped: {e}");
        }
        return probe?.Loaded ?? [];
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
