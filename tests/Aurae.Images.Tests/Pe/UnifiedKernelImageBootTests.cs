using System.Diagnostics;
using Aurae.Images.Pe;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.Pe;

/// <summary>
/// End to end: OVMF starts the UKI as an EFI program (QEMU -kernel), systemd-stub hands the kernel its
/// .cmdline and .initrd, and the kernel runs the initrd's /init (which cannot execute, so it panics and
/// QEMU exits thanks to panic=-1 and -no-reboot).
/// </summary>
public sealed class UnifiedKernelImageBootTests
{
    private const string Qemu = "/usr/bin/qemu-system-x86_64";
    private const string Cpio = "/usr/bin/cpio";
    private const string OvmfCode = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    private const string OvmfVars = "/usr/share/OVMF/OVMF_VARS_4M.fd";
    private const string CommandLine = "console=ttyS0 panic=-1 aurae.marker=uki-boot-test";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Ovmf_BootsTheUkiWithItsCommandLineAndInitrd()
    {
        using var temp = new TempDirectory();
        string uki = temp.Combine("boot.efi");
        File.WriteAllBytes(uki, UkiSample.Build(new UkiContents(
            UkiSample.OsRelease, CommandLine, KernelPackage.Instance.Release, InitrdWithUnrunnableInit(temp), KernelPackage.Instance.Vmlinuz)));
        string vars = temp.Combine("vars.fd");
        File.Copy(ExternalTool.Require(OvmfVars), vars);

        string log = RunQemu(
        [
            "-M", "q35", "-m", "512", "-nodefaults", "-display", "none", "-no-reboot", "-serial", "stdio",
            "-drive", $"if=pflash,format=raw,readonly=on,file={ExternalTool.Require(OvmfCode)}",
            "-drive", $"if=pflash,format=raw,file={vars}",
            "-kernel", uki,
        ]);

        Assert.Contains("EFI stub: Loaded initrd from LINUX_EFI_INITRD_MEDIA_GUID device path", log, StringComparison.Ordinal);
        Assert.Contains($"Linux version {KernelPackage.Instance.Release} ", log, StringComparison.Ordinal);
        Assert.Contains($"Command line: {CommandLine}\r", log, StringComparison.Ordinal);
        Assert.Contains("Run /init as init process", log, StringComparison.Ordinal);
        Assert.Contains("Kernel panic - not syncing: No working init found", log, StringComparison.Ordinal);
    }

    /// <summary>A newc archive (made by GNU cpio) whose /init names a missing interpreter.</summary>
    private static byte[] InitrdWithUnrunnableInit(TempDirectory temp)
    {
        string root = temp.Combine("initrd");
        Directory.CreateDirectory(root);
        string init = Path.Combine(root, "init");
        File.WriteAllText(init, "#!/nonexistent/interpreter\n");
        File.SetUnixFileMode(init, (UnixFileMode)Convert.ToInt32("755", 8));
        return ExternalTool.Run(Cpio, ["-o", "-H", "newc", "--quiet"], "init\n"u8.ToArray(), root).StandardOutput;
    }

    private static string RunQemu(string[] arguments)
    {
        var startInfo = new ProcessStartInfo(ExternalTool.Require(Qemu))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using Process qemu = Process.Start(startInfo)!;
        Task<string> output = qemu.StandardOutput.ReadToEndAsync();
        Task<string> errors = qemu.StandardError.ReadToEndAsync();
        if (!qemu.WaitForExit(Timeout))
        {
            qemu.Kill(entireProcessTree: true);
            qemu.WaitForExit();
            Assert.Fail($"QEMU did not finish within {Timeout}; serial output so far:\n{output.Result}");
        }

        Assert.True(qemu.ExitCode == 0, $"QEMU exited with {qemu.ExitCode}: {errors.Result}\n{output.Result}");
        return output.Result;
    }
}
