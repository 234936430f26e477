using System.Diagnostics;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.MeasuredBoot;

/// <summary>
/// swtpm as the guest's TPM 2.0 (Debian's swtpm): its state in a fresh directory, the control
/// channel on a Unix socket QEMU's tpm-emulator backend connects to; killed and removed on dispose.
/// </summary>
internal sealed class SoftwareTpm : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("aurae-swtpm-").FullName;
    private readonly Process _process;

    public SoftwareTpm()
    {
        var start = new ProcessStartInfo(TestEnvironment.Tool("swtpm", "swtpm")) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "socket", "--tpm2", "--tpmstate", $"dir={_directory}", "--ctrl", $"type=unixio,path={Socket}", "--flags", "startup-clear" })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("swtpm did not start");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(Socket))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"swtpm exited with {_process.ExitCode}: {_process.StandardError.ReadToEnd()}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("swtpm did not open its control socket within 10 s");
            Thread.Sleep(50);
        }
    }

    private string Socket => Path.Combine(_directory, "ctrl.sock");

    /// <summary>QEMU arguments: a TPM TIS device backed by this swtpm.</summary>
    public IEnumerable<string> QemuArguments =>
    [
        "-chardev", $"socket,id=chrtpm,path={Socket}",
        "-tpmdev", "emulator,id=tpm0,chardev=chrtpm",
        "-device", "tpm-tis,tpmdev=tpm0",
    ];

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
