using System.CommandLine;
using Aurae.CommandLine.Completion;
using Aurae.Compose.Commands;
using Aurae.Composer.Pki;
using Aurae.Contract.Yaml;

namespace Aurae.Compose;

/// <summary>
/// `aurae-compose`: its subcommands (one file each in Commands/), and the one place that turns failures into a message
/// on stderr and a non-zero exit code.
/// </summary>
public static class ComposeCommandLine
{
    /// <param name="errorIsTerminal">Whether <paramref name="error"/> is a terminal, where long steps show their progress.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool errorIsTerminal = false)
    {
        var root = new RootCommand("Compose bootable Aurae node images from a stock Linux kernel and the auraed daemon.");
        root.Subcommands.Add(BuildCommand.Create(output, error, errorIsTerminal));
        root.Subcommands.Add(PkiCommand.Create(output));
        root.Subcommands.Add(KernelCommand.Create(output));
        root.Subcommands.Add(ServeCommand.Create(output));
        root.Subcommands.Add(ApproveCommand.Create(output));
        root.Subcommands.Add(ShellCompletion.CreateCommand("aurae-compose"));
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            error.WriteLine($"aurae-compose: error: {Describe(e)}");
            if (Environment.GetEnvironmentVariable("AURAE_DEBUG") is not null)
                error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>The message alone for failures we anticipate; the type too for anything else.</summary>
    private static string Describe(Exception e) => e switch
    {
        ConfigFileException or PkiException or IOException or InvalidDataException or NotSupportedException
            or FormatException or ArgumentException or UnauthorizedAccessException => e.Message,
        _ when e.GetType().Namespace?.StartsWith("Aurae.", StringComparison.Ordinal) == true => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
