using System.Text;
using Microsoft.Win32.SafeHandles;
using Aurae.Daemon.Logging;
using Aurae.Daemon.Modules;
using Aurae.Daemon.Native;

namespace Aurae.Daemon.Init;

/// <summary>
/// Puts module files into the kernel with finit_module(2), with the module's
/// <c>name.param=</c> values from the kernel command line. A module that fails is logged with
/// the kernel's error and reported as failed: a missing driver must not stop the node from booting.
/// </summary>
internal sealed class KernelModuleLoader(KernelCommandLine commandLine) : IKernelModuleLoader
{
    // x86_64 syscall number (arch/x86/entry/syscalls/syscall_64.tbl); glibc has no wrapper.
    private const long SYS_finit_module = 313;

    public unsafe ModuleLoadResult Load(string path, string name)
    {
        var parameters = commandLine.ModuleParameters(name);
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ConsoleLog.Error("modules", $"{name}: cannot open {path}: {e.Message}");
            return ModuleLoadResult.Failed;
        }

        using (handle)
        {
            var parameterBytes = Encoding.UTF8.GetBytes(parameters + "\0");
            long result;
            fixed (byte* p = parameterBytes)
                result = LibC.syscall(SYS_finit_module, (int)handle.DangerousGetHandle(), p, 0);
            if (result == 0)
            {
                ConsoleLog.Info("modules", parameters.Length == 0 ? $"loaded {name}" : $"loaded {name} ({parameters})");
                return ModuleLoadResult.Loaded;
            }

            var errno = LibC.LastError;
            if (errno == Errno.EEXIST)
                return ModuleLoadResult.AlreadyLoaded;
            ConsoleLog.Error("modules", $"{name}: finit_module failed: {LibC.Describe(errno)}");
            return ModuleLoadResult.Failed;
        }
    }
}
