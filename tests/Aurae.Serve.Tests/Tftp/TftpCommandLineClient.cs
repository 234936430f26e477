using System.Diagnostics;

namespace Aurae.Serve.Tests.Tftp;

/// <summary>What a client program printed and how it ended.</summary>
public sealed record ClientRun(string Command, int ExitCode, string Output, string Error)
{
    public override string ToString() => $"`{Command}` exited with {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// Runs the independent TFTP clients the server is checked against: curl and tftp-hpa's tftp. A missing client
/// fails the test with how to install it.
/// </summary>
public static class TftpCommandLineClient
{
    private const string Install = "apt-get install tftp-hpa curl";

    /// <summary>curl tftp://127.0.0.1:port/name -o output, with extra arguments such as --tftp-blksize.</summary>
    public static Task<ClientRun> CurlAsync(int port, string name, string output, params string[] arguments) =>
        RunAsync("curl", ["-sS", "--max-time", "120", "-o", output, .. arguments, $"tftp://127.0.0.1:{port}/{name}"]);

    /// <summary>tftp-hpa: tftp -m mode 127.0.0.1 port -c command arguments.</summary>
    public static Task<ClientRun> TftpAsync(int port, string mode, params string[] command) =>
        RunAsync("tftp", ["-m", mode, "127.0.0.1", port.ToString(), "-c", .. command]);

    private static async Task<ClientRun> RunAsync(string program, string[] arguments)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
        Assert.True(path is not null, $"{program} is not installed: {Install}");

        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var command = program + " " + string.Join(' ', arguments);

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{command}` did not finish within 2 minutes");
        }
        return new ClientRun(command, process.ExitCode, await stdout, await stderr);
    }
}
