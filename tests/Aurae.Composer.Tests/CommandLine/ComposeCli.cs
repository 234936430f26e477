using Aurae.Compose;

namespace Aurae.Composer.Tests.CommandLine;

/// <summary>What one in-process `aurae-compose` run printed and returned.</summary>
public sealed record CliResult(string[] Arguments, int ExitCode, string Output, string Error)
{
    public override string ToString() =>
        $"aurae-compose {string.Join(' ', Arguments)} exited with {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}

/// <summary>Runs <see cref="ComposeCommandLine.Run"/> in-process with captured stdout and stderr.</summary>
public static class ComposeCli
{
    public static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = ComposeCommandLine.Run(args, output, error);
        return new CliResult(args, exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs and fails the test unless the exit code is 0.</summary>
    public static CliResult Succeed(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Runs and fails the test unless the exit code is 1; returns the result for checking stderr.</summary>
    public static CliResult Fail(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 1, result.ToString());
        return result;
    }
}
