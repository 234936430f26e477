using System.Diagnostics;
using System.Text;

namespace Aurae.Node.Tests.Support;

/// <summary>
/// A QEMU guest under TCG (no KVM here), serial console captured to a log the tests read
/// and print on failure; killed on dispose.
/// </summary>
public sealed class QemuMachine : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _console = new();

    private QemuMachine(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Console
    {
        get
        {
            lock (_console)
                return _console.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    public static QemuMachine Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(TestEnvironment.Tool("qemu-system-x86_64", "qemu-system-x86"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { "-nographic", "-no-reboot", "-m", "1024", "-smp", "1" }.Concat(arguments))
            start.ArgumentList.Add(argument);
        return new QemuMachine(Process.Start(start) ?? throw new InvalidOperationException("qemu did not start"));
    }

    /// <summary>A netboot from iPXE's HTTP client with the API port forwarded to 127.0.0.1:<paramref name="apiPort"/>.</summary>
    public static QemuMachine NetbootOverHttp(int httpPort, string script, int apiPort, int guestApiPort) => Start(
    [
        "-boot", "n",
        "-netdev", $"user,id=n0,bootfile=http://10.0.2.2:{httpPort}/{script},hostfwd=tcp:127.0.0.1:{apiPort}-:{guestApiPort}",
        "-device", "virtio-net-pci,netdev=n0",
    ]);

    // Console lines after which the awaited text can never come.
    private static readonly string[] DeadEnds = ["No bootable device", "Kernel panic", "reboot: Power down", "reboot: Restarting"];

    /// <summary>Boots a kernel and initramfs directly (no firmware boot loader), API forwarded to the guest address.</summary>
    public static QemuMachine BootKernel(string kernel, string initramfs, string commandLine, int apiPort,
        string guestAddress, int guestApiPort) => Start(
    [
        "-kernel", kernel,
        "-initrd", initramfs,
        "-append", commandLine,
        "-netdev", $"user,id=n0,hostfwd=tcp:127.0.0.1:{apiPort}-{guestAddress}:{guestApiPort}",
        "-device", "virtio-net-pci,netdev=n0",
    ]);

    /// <summary>
    /// Runs a QEMU monitor command. With -nographic the monitor shares stdio with the serial
    /// console: Ctrl-A c switches between them.
    /// </summary>
    public void Monitor(string command)
    {
        var input = _process.StandardInput;
        input.Write("\u0001c");
        input.Write(command + "\n");
        input.Write("\u0001c");
        input.Flush();
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            return false;
        // Only the overload without a timeout waits for the redirected output to be read to its end.
        _process.WaitForExit();
        return true;
    }

    public async Task WaitForConsoleAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Console.Contains(text, StringComparison.Ordinal))
        {
            if (DeadEnds.FirstOrDefault(d => Console.Contains(d, StringComparison.Ordinal)) is { } deadEnd)
                throw new InvalidOperationException($"the guest reached '{deadEnd}' before '{text}':\n{Console}");
            if (HasExited)
                throw new InvalidOperationException($"QEMU exited before '{text}' appeared:\n{Console}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"'{text}' did not appear within {timeout.TotalSeconds} s:\n{Console}");
            await Task.Delay(200);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_console)
            _console.AppendLine(line);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
