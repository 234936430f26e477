using System.Diagnostics;

namespace Aurae.Daemon.Tests.Modules;

/// <summary>
/// Runs a system tool; a missing tool fails the test (never skips). The daemon's ChildReaper,
/// which the executables tests install in this process, takes every SIGCHLD and reaps every
/// child, so Process.WaitForExit would never return: the tool runs under sh, which writes its
/// exit status after it, and the end of its output is the end of the run.
/// </summary>
internal static class ExternalTool
{
    public static (int ExitCode, string Output, string Error) Run(string tool, IEnumerable<string> arguments, string? input = null)
    {
        if (!tool.Contains('/') && !Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(d => File.Exists(Path.Combine(d, tool))))
            throw new InvalidOperationException($"'{tool}' is required by this test and is not installed");
        var status = Path.Combine(Path.GetTempPath(), $"aurae-tool-status-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("\"$@\"; echo $? > \"$0\"");
        start.ArgumentList.Add(status);
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is required by this test and is not installed: {e.Message}", e);
        }
        using (process)
        {
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            var exitCode = int.Parse(File.ReadAllText(status).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            File.Delete(status);
            return (exitCode, output, error.Result);
        }
    }
}
