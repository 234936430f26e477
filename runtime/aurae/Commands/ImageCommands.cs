using Aurae.Contract.Syntax;
using System.CommandLine;
using System.Text;
using Aurae.Api.Artifacts.V0;
using ImagesListRequest = Aurae.Api.Images.V0.ListRequest;
using ImagesListResponse = Aurae.Api.Images.V0.ListResponse;
using Aurae.Api.Images.V0;
using Aurae.Cli.Syntax;
using Aurae.Client;
using Aurae.CommandLine.Progress;

namespace Aurae.Cli.Commands;

/// <summary>`aurae image push|ls|rm`: container images on the nodes.</summary>
internal static class ImageCommands
{
    public static Command Create(CommandEnvironment environment)
    {
        var image = new Command("image", "Container images on the nodes (oci-archive or docker-archive files).");
        image.Subcommands.Add(Push(environment));
        image.Subcommands.Add(List(environment));
        image.Subcommands.Add(Remove(environment));
        return image;
    }

    private static Command Push(CommandEnvironment environment)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "An image archive: skopeo copy … oci-archive:FILE, podman save --format oci-archive, or docker save.",
        };
        var name = new Option<string?>("--name") { Description = "The image's name on the nodes (default: the file's name without .tar)." };
        var push = new Command("push", "Copy an image archive to the nodes and unpack it there.") { file, name };
        push.SetAction(async (parse, cancellation) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
                throw new FileNotFoundException($"'{path}' not found", path);
            var imageName = parse.GetValue(name) ?? DefaultName(path);
            var header = await ImageUploader.CreateHeaderAsync(path, cancellation);
            var session = environment.OpenSession(parse);
            var transfer = new TransferProgress(imageName, header.Size, session.Targets.Count);
            using var status = new StatusLine(environment.Console.Error, environment.Console.ErrorIsTerminal, transfer.Status);
            session.Output.Status = status;
            var results = await NodeFanOut.RunAsync(session,
                (_, channel, token) => ImageUploader.PushAsync(channel.CreateCallInvoker(), header, path, imageName, token, transfer.Add),
                cancellation);
            status.Finish(NodeFanOut.ExitCode(results) == 0 ? transfer.Summary() : null);
            NodeFanOut.Print(session, results, RenderImported);
            return NodeFanOut.ExitCode(results);
        });
        return push;
    }

    private static Command List(CommandEnvironment environment)
    {
        var list = new Command("ls", "Images: name, size, layers (and how many are shared), config digest.");
        list.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new ImageService.ImageServiceClient(channel).ListAsync(new ImagesListRequest(), cancellationToken: token),
            RenderList, cancellation));
        return list;
    }

    private static Command Remove(CommandEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "The image to remove." };
        var remove = new Command("rm", "Remove an image; its layers go unless another image uses them.") { name };
        remove.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new ImageService.ImageServiceClient(channel)
                .RemoveAsync(new RemoveRequest { Name = parse.GetValue(name)! }, cancellationToken: token),
            _ => $"removed {parse.GetValue(name)}", cancellation));
        return remove;
    }

    /// <summary>"busybox.tar" → "busybox"; an image name keeps to the characters the node accepts.</summary>
    public static string DefaultName(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }

    public static string RenderImported(Image image) =>
        $"{image.Name}: {image.Format}, {image.Layers.Count} layers ({image.Layers.Count(l => l.Images > 1)} shared), " +
        $"{ByteSizeSyntax.FormatApproximately(image.Size)}, config {image.ConfigDigest}";

    public static string RenderList(ImagesListResponse response)
    {
        if (response.Images.Count == 0)
            return "no images";
        var text = new StringBuilder();
        text.AppendLine($"{"NAME",-24} {"SIZE",10} {"LAYERS",6} {"SHARED",6} CONFIG");
        foreach (var image in response.Images)
            text.AppendLine($"{image.Name,-24} {ByteSizeSyntax.FormatApproximately(image.Size),10} {image.Layers.Count,6} " +
                            $"{image.Layers.Count(l => l.Images > 1),6} {image.ConfigDigest[..Math.Min(19, image.ConfigDigest.Length)]}");
        return text.ToString();
    }
}
