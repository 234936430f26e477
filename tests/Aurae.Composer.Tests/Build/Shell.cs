using System.Diagnostics;

namespace Aurae.Composer.Tests.Build;

/// <summary>What a shell command printed and how it ended.</summary>
public sealed record ShellResult(string Command, int ExitCode, string Output, string Error)
{
    public override string ToString() => $"`{Command}` exited with {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// Runs `bash -c` with standard tools (zstd, gzip, cpio, dpkg-deb, tar) as an independent check
/// of what the composer wrote. A missing tool fails the test, it never skips it.
/// </summary>
public static class Shell
{
    public static ShellResult Run(string command, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -o pipefail; " + command);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ShellResult(command, process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs <paramref name="command"/> and fails the test unless it exits with 0.</summary>
    public static ShellResult Succeed(string command, string? workingDirectory = null)
    {
        var result = Run(command, workingDirectory);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Single-quotes <paramref name="value"/> for bash.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
