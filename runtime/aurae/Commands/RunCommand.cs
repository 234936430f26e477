using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Cli.Output;
using Aurae.Cli.Syntax;

namespace Aurae.Cli.Commands;

/// <summary>
/// `aurae run CELL [options] -- ARGV...`: starts an executable in a cell, follows its output
/// and exits as it did, so that a remote program behaves like a local one in scripts.
/// </summary>
internal sealed class RunCommand
{
    private readonly Argument<string> cell = new("CELL") { Description = "The allocated cell to run in." };
    private readonly Argument<string[]> argv = new("ARGV")
    {
        Description = "The program and its arguments, after --: a path in the workload's root (see --artifact), or a pushed artifact's path in the node's store, which binds it there.",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<string?> name = new("--name") { Description = "The executable's name (default: argv[0]'s base name and a short random suffix)." };
    private readonly Option<string[]> environment = new("--env") { Description = "An environment variable, NAME=VALUE (repeatable)." };
    private readonly Option<string?> workingDirectory = new("--cwd") { Description = "Working directory (default /)." };
    private readonly Option<uint?> uid = new("--uid") { Description = "User id to run as." };
    private readonly Option<uint?> gid = new("--gid") { Description = "Group id to run as." };
    private readonly Option<string?> shell = new("--shell") { Description = "Run this command with sh -c instead of ARGV (needs a shell in the workload's root, e.g. --artifact busybox:/bin/sh)." };
    private readonly Option<string[]> ports = new("--publish", "-p")
    {
        Description = "Forward a TCP port of the node to the workload, NODEPORT:PORT (the cell must isolate its network; repeatable).",
    };
    private readonly Option<string?> image = new("--image")
    {
        Description = "Run a container of this pushed image (aurae image push): its root is the image under a writable layer; ARGV replaces its Cmd.",
    };
    private readonly Option<string?> entrypoint = new("--entrypoint") { Description = "With --image: replace the image's Entrypoint with this program." };
    private readonly Option<string[]> artifacts = new("--artifact")
    {
        Description = "Bind a pushed artifact read-only into the workload's root, NAME[:PATH] (default PATH /bin/NAME; repeatable).",
    };

    public static Command Create(CommandEnvironment environment) => new RunCommand().ToCommand(environment);

    /// <summary>The Start request `aurae run ARGS...` would send (for tests: parsing alone, no config, no node).</summary>
    public static CellServiceStartRequest ParseRequest(params string[] args)
    {
        var globals = new GlobalOptions();
        var run = new RunCommand();
        var root = new RootCommand { run.ToCommand(new CommandEnvironment(globals, new CliConsole(TextWriter.Null, TextWriter.Null))) };
        globals.AddTo(root);
        var parse = root.Parse(["run", .. args]);
        return parse.Errors.Count > 0
            ? throw new FormatException(string.Join("; ", parse.Errors.Select(e => e.Message)))
            : run.BuildRequest(parse);
    }

    private Command ToCommand(CommandEnvironment environment)
    {
        var command = new Command("run", "Start a program in a cell, print its output as it comes and exit with its exit code.")
        {
            cell, argv, name, this.environment, workingDirectory, uid, gid, shell, artifacts, ports, image, entrypoint,
        };
        command.SetAction((parse, cancellation) => InvokeAsync(parse, environment, cancellation));
        return command;
    }

    /// <summary>The Start request the parsed command line asks for.</summary>
    public CellServiceStartRequest BuildRequest(ParseResult parse)
    {
        var arguments = parse.GetValue(argv) ?? [];
        var command = parse.GetValue(shell);
        if (command is not null && arguments.Length > 0)
            throw new FormatException("give either --shell \"command\" or -- ARGV..., not both");
        var imageName = parse.GetValue(image);
        if (command is null && arguments.Length == 0 && imageName is null)
            throw new FormatException("nothing to run: give the program after --, e.g. aurae run CELL -- /bin/ls -l");
        if (imageName is not null && command is not null)
            throw new FormatException("--shell and --image do not go together: a container runs its image's entrypoint and cmd (give -- ARGV)");
        var replacedEntrypoint = parse.GetValue(entrypoint);
        if (replacedEntrypoint is not null && imageName is null)
            throw new FormatException("--entrypoint needs --image");
        var executable = new Executable
        {
            Name = parse.GetValue(name) ?? DefaultName(imageName ?? (command is null ? arguments[0] : "sh")),
            Image = imageName ?? "",
            Command = command ?? "",
            WorkingDirectory = parse.GetValue(workingDirectory) ?? "",
        };
        executable.Argv.AddRange(arguments);
        if (replacedEntrypoint is not null)
            executable.Entrypoint.Add(replacedEntrypoint);
        foreach (var variable in parse.GetValue(environment) ?? [])
        {
            var (key, value) = EnvironmentSyntax.Parse(variable);
            executable.Environment[key] = value;
        }
        foreach (var port in parse.GetValue(ports) ?? [])
            executable.Ports.Add(Option("--publish", () => PublishedPortSyntax.Parse(port)));
        foreach (var binding in parse.GetValue(artifacts) ?? [])
            executable.Artifacts.Add(Option("--artifact", () => ArtifactBindingSyntax.Parse(binding)));
        if (parse.GetValue(uid) is { } user)
            executable.Uid = user;
        if (parse.GetValue(gid) is { } group)
            executable.Gid = group;
        return new CellServiceStartRequest { CellName = parse.GetValue(cell)!, Executable = executable };
    }

    // The syntax's message names the text; the option is said here.
    private static T Option<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new FormatException($"{option} {e.Message}", e);
        }
    }

    /// <summary>"/usr/bin/Python3" → "python3-1a2b": recognisable in `ps`, unique enough to rerun without --name.</summary>
    public static string DefaultName(string program)
    {
        var baseName = Path.GetFileName(program.TrimEnd('/')).ToLowerInvariant();
        var name = new StringBuilder();
        foreach (var c in baseName.Length == 0 ? "run" : baseName)
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '-');
        var stem = name.ToString().TrimStart('.');
        if (stem.Length > 40)
            stem = stem[..40];
        return $"{(stem.Length == 0 ? "run" : stem)}-{RandomNumberGenerator.GetHexString(4, lowercase: true)}";
    }

    private async Task<int> InvokeAsync(ParseResult parse, CommandEnvironment environment, CancellationToken cancellation)
    {
        var request = BuildRequest(parse);
        var session = environment.OpenSession(parse);
        var results = await NodeFanOut.RunAsync(session, async (node, channel, token) =>
        {
            await new CellService.CellServiceClient(channel).StartAsync(request, cancellationToken: token);
            var executables = new ExecutableService.ExecutableServiceClient(channel);
            var final = await OutputFollower.FollowAsync(executables, node, session.Output,
                request.CellName, request.Executable.Name, follow: true, token);
            // A stream cut short (e.g. the daemon restarted) carries no final status: ask for it.
            final ??= await executables.StatusAsync(
                new StatusRequest { CellName = request.CellName, ExecutableName = request.Executable.Name }, cancellationToken: token);
            return final;
        }, cancellation);

        var codes = new List<int>();
        foreach (var result in results)
        {
            if (result.Value is not { } status)
            {
                codes.Add(1);
                continue;
            }
            var code = status.State == ExecutableStatus.Types.State.Running ? 1 : ExitCodes.From(status);
            if (session.IsFanOut && code != 0)
                session.Output.Failure(result.Node, $"{request.Executable.Name} {ExitCodes.Describe(status)}");
            codes.Add(code);
        }
        return ExitCodes.Combine(codes);
    }
}
