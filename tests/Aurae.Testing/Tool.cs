using System.Diagnostics;

namespace Aurae.Testing;

/// <summary>Runs a system tool to its end; a missing tool is an error naming it (a test fails, never skips).</summary>
public static class Tool
{
    /// <summary>
    /// Runs <paramref name="tool"/>, feeding it <paramref name="input"/> when given, with
    /// <paramref name="environment"/> added to this process's; returns how it ended.
    /// </summary>
    public static (int ExitCode, string Output, string Error) Run(
        string tool, IEnumerable<string> arguments, string? input = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is needed here and is not installed (scripts/test installs it): {e.Message}", e);
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
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
    }

    /// <summary>Runs <paramref name="tool"/> and returns its standard output; a non-zero exit throws with both outputs.</summary>
    public static string Succeed(string tool, params string[] arguments)
    {
        var (exit, output, error) = Run(tool, arguments);
        return exit == 0
            ? output
            : throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {exit}: {output}{error}");
    }
}
