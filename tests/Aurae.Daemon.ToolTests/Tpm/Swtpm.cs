using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aurae.Daemon.Tpm;

namespace Aurae.Daemon.ToolTests.Tpm;

/// <summary>
/// A swtpm TPM 2.0 with fresh state in a temporary directory, already started (startup-clear) and
/// needing no TPM_Init on its control channel (not-need-init), listening on 127.0.0.1. A missing
/// swtpm throws, naming it: these tests fail rather than skip.
/// </summary>
public sealed class Swtpm : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _state;

    private Swtpm(Process process, DirectoryInfo state, int port)
    {
        _process = process;
        _state = state;
        Port = port;
        Transport = new TcpTpmTransport(port);
        Tpm = new TpmClient(Transport);
    }

    public int Port { get; }

    public TcpTpmTransport Transport { get; }

    public TpmClient Tpm { get; }

    /// <summary>The TCTI that points tpm2-tools at this swtpm (tss2's swtpm TCTI: the same raw command channel).</summary>
    public string Tcti => $"swtpm:host=127.0.0.1,port={Port}";

    public static Swtpm Start()
    {
        var state = Directory.CreateTempSubdirectory("aurae-swtpm-");
        var port = FreePortPair();
        var start = new ProcessStartInfo("swtpm")
        {
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[
            "socket", "--tpm2",
            "--tpmstate", $"dir={state.FullName}",
            "--server", $"type=tcp,port={port}",
            "--ctrl", $"type=tcp,port={port + 1}",
            "--flags", "startup-clear,not-need-init",
        ])
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("swtpm did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            state.Delete(recursive: true);
            throw new InvalidOperationException($"'swtpm' is needed here and is not installed: {e.Message}", e);
        }
        var swtpm = new Swtpm(process, state, port);
        swtpm.WaitUntilListening();
        return swtpm;
    }

    /// <summary>Runs a tpm2-tools command against this swtpm and returns its standard output; a failure throws with both outputs.</summary>
    public string Tool(string tool, params string[] arguments)
    {
        var (exit, output, error) = Testing.Tool.Run(tool, arguments, environment: new Dictionary<string, string> { ["TPM2TOOLS_TCTI"] = Tcti });
        return exit == 0
            ? output
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {exit}: {output}{error}");
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"swtpm exited with {_process.ExitCode} before it listened on {Port}");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>A port P with P + 1 also free (swtpm's command and control channels), as the kernel hands out free ports.</summary>
    private static int FreePortPair()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            if (port >= IPEndPoint.MaxPort)
                continue;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no two adjacent free ports on 127.0.0.1");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _state.Delete(recursive: true);
    }
}
