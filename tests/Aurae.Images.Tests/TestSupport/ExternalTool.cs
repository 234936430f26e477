using System.Diagnostics;

namespace Aurae.Images.Tests.TestSupport;

/// <summary>Runs a system tool for independent validation. A missing tool fails the test, never skips it.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, byte[] StandardOutput, string StandardError)
    {
        public string StandardOutputText => System.Text.Encoding.UTF8.GetString(StandardOutput);
    }

    public static string Require(string path)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"Required tool '{path}' is not installed; this test validates output with it and cannot run without it.");
        }

        return path;
    }

    /// <summary>Runs <paramref name="tool"/>, feeding <paramref name="stdin"/>; asserts exit code 0.</summary>
    public static Result Run(string tool, IEnumerable<string> arguments, byte[]? stdin = null, string? workingDirectory = null)
    {
        Result result = RunUnchecked(tool, arguments, stdin, workingDirectory);
        Assert.True(result.ExitCode == 0,
            $"{tool} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.StandardError}");
        return result;
    }

    public static Result RunUnchecked(string tool, IEnumerable<string> arguments, byte[]? stdin = null, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Fixed locale and time zone so listings are predictable.
        startInfo.Environment["LC_ALL"] = "C";
        startInfo.Environment["TZ"] = "UTC";

        using Process process = Process.Start(startInfo)!;
        Task<byte[]> stdout = Task.Run(() =>
        {
            using var buffer = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(buffer);
            return buffer.ToArray();
        });
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task stdinTask = Task.Run(() =>
        {
            try
            {
                if (stdin is not null)
                {
                    process.StandardInput.BaseStream.Write(stdin);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The tool may exit before reading everything; its exit code reports the problem.
            }
        });

        process.WaitForExit();
        Task.WaitAll(stdout, stderr, stdinTask);
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
