using System.Diagnostics;

namespace Aurae.Composer.Tests.Pki;

/// <summary>A fresh temporary directory, removed afterwards; <see cref="Dir"/> does not exist yet so tests see init create it.</summary>
public sealed class TempPki : IDisposable
{
    private readonly string parent = Directory.CreateTempSubdirectory("aurae-pki-test-").FullName;

    public string Dir => Path.Combine(parent, "pki");

    public string PathOf(params string[] parts) => Path.Combine([Dir, .. parts]);

    public void Dispose() => Directory.Delete(parent, recursive: true);
}

/// <summary>A clock frozen at a chosen instant, to issue certificates "in the past".</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Runs the openssl CLI as an independent check of what .NET produced.</summary>
public static class OpenSsl
{
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"the openssl CLI is required for these tests but could not be started: {e.Message}");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
