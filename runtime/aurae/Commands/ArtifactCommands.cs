using Aurae.Contract.Syntax;
using System.CommandLine;
using System.Text;
using Aurae.Api.Artifacts.V0;
using Aurae.Client;
using Aurae.CommandLine.Progress;
using Aurae.Cli.Syntax;

namespace Aurae.Cli.Commands;

/// <summary>`aurae push`, `aurae artifacts ls|rm`: files on the node (how binaries reach an empty node).</summary>
internal static class ArtifactCommands
{
    public static Command Push(CommandEnvironment environment)
    {
        var file = new Argument<string>("FILE") { Description = "The file to push." };
        var name = new Option<string?>("--name") { Description = "The name to store it under (default: the file's name)." };
        var executable = new Option<bool>("--executable") { Description = "Store it executable (for a program to run)." };
        var push = new Command("push", "Copy a file to the nodes and print where it is stored.") { file, name, executable };
        push.SetAction(async (parse, cancellation) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
                throw new FileNotFoundException($"'{path}' not found", path);
            // Hashed once for every node; each node checks the whole content against it.
            var header = await ArtifactUploader.CreateHeaderAsync(path, parse.GetValue(name) ?? Path.GetFileName(path),
                parse.GetValue(executable), cancellation);
            var session = environment.OpenSession(parse);
            var transfer = new TransferProgress(header.Name, header.Size, session.Targets.Count);
            using var status = new StatusLine(environment.Console.Error, environment.Console.ErrorIsTerminal, transfer.Status);
            session.Output.Status = status;
            var results = await NodeFanOut.RunAsync(session, async (_, channel, token) =>
            {
                await using var content = ArtifactUploader.OpenContent(path);
                return await ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel), header, content, token, transfer.Add);
            }, cancellation);
            status.Finish(NodeFanOut.ExitCode(results) == 0 ? transfer.Summary() : null);
            NodeFanOut.Print(session, results, artifact => artifact.Path);
            return NodeFanOut.ExitCode(results);
        });
        return push;
    }

    public static Command Artifacts(CommandEnvironment environment)
    {
        var artifacts = new Command("artifacts", "Files pushed to the nodes.");
        var list = new Command("ls", "Pushed files: name, size, sha256 and path.");
        list.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new ArtifactService.ArtifactServiceClient(channel).ListAsync(new ListRequest(), cancellationToken: token),
            RenderList, cancellation));
        artifacts.Subcommands.Add(list);

        var name = new Argument<string>("NAME") { Description = "The artifact to remove." };
        var remove = new Command("rm", "Remove a pushed file.") { name };
        remove.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new ArtifactService.ArtifactServiceClient(channel)
                .DeleteAsync(new DeleteRequest { Name = parse.GetValue(name)! }, cancellationToken: token),
            _ => $"removed {parse.GetValue(name)}", cancellation));
        artifacts.Subcommands.Add(remove);
        return artifacts;
    }

    public static string RenderList(ListResponse response)
    {
        if (response.Artifacts.Count == 0)
            return "no artifacts";
        var text = new StringBuilder();
        text.AppendLine($"{"NAME",-24} {"SIZE",10} {"SHA256",-12} {"EXEC",-4} PATH");
        foreach (var artifact in response.Artifacts)
            text.AppendLine($"{artifact.Name,-24} {ByteSizeSyntax.FormatApproximately(artifact.Size),10} {artifact.Sha256[..Math.Min(12, artifact.Sha256.Length)],-12} " +
                            $"{(artifact.Executable ? "yes" : "no"),-4} {artifact.Path}");
        return text.ToString();
    }
}
