using System.Text;
using Microsoft.Win32.SafeHandles;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Init;

/// <summary>
/// Loads the modules the image carries, in the order the composer resolved (dependencies
/// first), with finit_module(2). A module that fails is logged with the kernel's error and
/// skipped: a missing driver must not stop the node from booting.
/// </summary>
internal sealed class KernelModuleLoader(KernelCommandLine commandLine)
{
    // x86_64 syscall number (arch/x86/entry/syscalls/syscall_64.tbl); glibc has no wrapper.
    private const long SYS_finit_module = 313;

    private readonly List<string> _loaded = [];

    public IReadOnlyList<string> Loaded => _loaded;

    public void LoadAll(IEnumerable<string> modulePaths)
    {
        foreach (var path in modulePaths)
            Load("/" + path.TrimStart('/'));
    }

    private unsafe void Load(string path)
    {
        var name = ModuleName(path);
        var parameters = commandLine.ModuleParameters(name);
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ConsoleLog.Error("modules", $"{name}: cannot open {path}: {e.Message}");
            return;
        }

        using (handle)
        {
            var parameterBytes = Encoding.UTF8.GetBytes(parameters + "\0");
            long result;
            fixed (byte* p = parameterBytes)
                result = LibC.syscall(SYS_finit_module, (int)handle.DangerousGetHandle(), p, 0);
            if (result == 0)
            {
                _loaded.Add(name);
                ConsoleLog.Info("modules", parameters.Length == 0 ? $"loaded {name}" : $"loaded {name} ({parameters})");
                return;
            }

            var errno = LibC.LastError;
            if (errno == Errno.EEXIST)
            {
                _loaded.Add(name);
                return;
            }
            ConsoleLog.Error("modules", $"{name}: finit_module failed: {LibC.Describe(errno)}");
        }
    }

    private static string ModuleName(string path)
    {
        var file = Path.GetFileName(path);
        var dot = file.IndexOf('.');
        return (dot < 0 ? file : file[..dot]).Replace('-', '_');
    }
}
