using System.CommandLine;
using Aurae.Cli.Commands;
using Aurae.Cli.Output;
using Aurae.CommandLine.Completion;
using Aurae.Contract.Client;
using Aurae.Contract.Yaml;

namespace Aurae.Cli;

/// <summary>
/// `aurae`: every subcommand, and the one place that turns failures into a message on stderr
/// and exit code 1 (per-node RPC failures are reported where they happen, see <see cref="NodeFanOut"/>).
/// </summary>
internal static class AuraeCommandLine
{
    public static RootCommand Build(CliConsole console)
    {
        var globals = new GlobalOptions();
        var environment = new CommandEnvironment(globals, console);
        var root = new RootCommand("Operate Aurae nodes: cells, executables, artifacts, images, logs and power, over mutual TLS.");
        globals.AddTo(root);
        root.Subcommands.Add(NodeCommands.Create(environment));
        root.Subcommands.Add(CellCommands.Create(environment));
        root.Subcommands.Add(RunCommand.Create(environment));
        root.Subcommands.Add(ExecutableCommands.Ps(environment));
        root.Subcommands.Add(ExecutableCommands.Stop(environment));
        root.Subcommands.Add(ExecutableCommands.Logs(environment));
        root.Subcommands.Add(ArtifactCommands.Push(environment));
        root.Subcommands.Add(ArtifactCommands.Artifacts(environment));
        root.Subcommands.Add(ImageCommands.Create(environment));
        root.Subcommands.Add(ApplyCommands.Apply(environment));
        root.Subcommands.Add(ApplyCommands.Diff(environment));
        root.Subcommands.Add(ObserveCommands.Dmesg(environment));
        root.Subcommands.Add(ObserveCommands.DaemonLogs(environment));
        root.Subcommands.Add(ObserveCommands.Stats(environment));
        root.Subcommands.Add(ShellCompletion.CreateCommand("aurae"));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        try
        {
            return await Build(console).Parse(args).InvokeAsync(
                new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the remote work carries on (a started executable keeps running); say nothing more.
            return 130;
        }
        catch (Exception e)
        {
            console.Error.WriteLine($"aurae: error: {Describe(e)}");
            if (Environment.GetEnvironmentVariable("AURAE_DEBUG") is not null)
                console.Error.WriteLine(e);
            return 1;
        }
    }

    /// <summary>The message alone for failures we anticipate; the type too for anything else.</summary>
    private static string Describe(Exception e) => e switch
    {
        ClientConfigException or ConfigFileException or IOException or FormatException or ArgumentException or UnauthorizedAccessException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
