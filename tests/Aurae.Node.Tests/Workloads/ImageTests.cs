using System.Text.Json;
using Aurae.Api.Discovery.V0;
using Aurae.Client;
using Aurae.Testing.Images;
using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;

namespace Aurae.Node.Tests.Workloads;

/// <summary>
/// Container images on a booted node through `aurae image`: an image umoci built and skopeo wrote
/// as oci-archive and as docker-archive is pushed twice, the second sharing every layer of the
/// first; its layers on the node hold what umoci put in them (owners, setuid bits, overlayfs
/// whiteouts); removing images removes their layers once no image uses them; a hostile archive
/// is refused with its entry named and the node answers as before.
/// </summary>
[Collection(WorkloadNodeCollection.Name)]
public sealed class ImageTests(WorkloadNode node, UmociImage image) : IClassFixture<UmociImage>, IDisposable
{
    private const string LayersOnNode = "/run/aurae/images/layers";
    private readonly OperatorCommandLine _cli = new(node, "images");

    public void Dispose() => _cli.Dispose();

    private Task<(int Code, string Stdout, string Stderr)> Aurae(params string[] args) => _cli.RunAsync(args);

    [Fact]
    public async Task Images_are_pushed_shared_listed_unpacked_as_umoci_unpacks_them_and_removed()
    {

        var oci = await Aurae("image", "push", image.OciArchive, "--name", "busybox:oci");
        var docker = await Aurae("image", "push", image.DockerArchive, "--name", "busybox:docker");

        Assert.True(oci.Code == 0, oci.Stderr);
        Assert.Matches(@"^busybox:oci: oci-archive, 2 layers \(0 shared\), [\d.]+ [KM]iB, config sha256:[0-9a-f]{64}\n$", oci.Stdout);
        Assert.True(docker.Code == 0, docker.Stderr);
        Assert.Matches(@"^busybox:docker: docker-archive, 2 layers \(2 shared\), ", docker.Stdout);

        var listed = await Aurae("--json", "image", "ls");
        Assert.Equal(0, listed.Code);
        using var json = JsonDocument.Parse(listed.Stdout);
        var images = json.RootElement.GetProperty("images").EnumerateArray().ToList();
        Assert.Equal(["busybox:docker", "busybox:oci"], images.Select(i => i.GetProperty("name").GetString()));
        var chains = images.Select(i => i.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("chainId").GetString()!).ToArray()).ToList();
        Assert.Equal(chains[0], chains[1]);
        Assert.All(images.SelectMany(i => i.GetProperty("layers").EnumerateArray()), l => Assert.Equal(2, l.GetProperty("images").GetInt32()));
        Assert.Equal(["-c", "echo hi"], images[1].GetProperty("config").GetProperty("cmd").EnumerateArray().Select(e => e.GetString()));

        // What the node unpacked, as busybox on the node sees it: owners and modes as umoci set
        // them in the first layer, and the second's removal recorded as an overlayfs whiteout.
        var first = chains[0][0]["sha256:".Length..];
        var second = chains[0][1]["sha256:".Length..];
        var seen = await OnNodeAsync(
            $"cd {LayersOnNode}/{first} && stat -c '%n %a %u %g %F' bin/suid bin/sgid etc/user private && " +
            $"cd {LayersOnNode}/{second} && stat -c '%n %F %t:%T' data/gone && cat etc/user/x");
        Assert.Equal(
            "bin/suid 4755 0 0 regular file\nbin/sgid 2711 0 0 regular file\netc/user 644 1000 1001 regular file\n" +
            "private 700 1000 1000 directory\ndata/gone character special file 0:0\nx\n", seen);

        Assert.Equal((0, "removed busybox:oci\n"), Short(await Aurae("image", "rm", "busybox:oci")));
        Assert.Equal("2", (await OnNodeAsync($"ls {LayersOnNode} | wc -l")).Trim()); // the docker image's, the same layers
        Assert.Equal((0, "removed busybox:docker\n"), Short(await Aurae("image", "rm", "busybox:docker")));
        Assert.Equal("0", (await OnNodeAsync($"ls {LayersOnNode} | wc -l")).Trim());
    }

    [Fact]
    public async Task A_hostile_archive_is_refused_naming_its_entry_and_the_node_answers_as_before()
    {
        var hostile = new OciArchiveBuilder()
            .Layer([OciArchiveBuilder.File("etc/ok", "ok")])
            .Layer([OciArchiveBuilder.Symlink("escape", "/run/aurae"), OciArchiveBuilder.File("escape/owned", "x")])
            .Write(Path.Combine(_cli.Directory, "hostile.tar"));
        var text = Path.Combine(_cli.Directory, "notes.tar");
        await File.WriteAllTextAsync(text, "not an image\n");

        var refused = await Aurae("image", "push", hostile);
        var notAnImage = await Aurae("image", "push", text);

        Assert.Equal(1, refused.Code);
        Assert.Contains("InvalidArgument: ", refused.Stderr);
        Assert.Contains("'escape/owned': its parent 'escape' is a symbolic link", refused.Stderr);
        Assert.Equal(1, notAnImage.Code);
        Assert.Contains("InvalidArgument: ", notAnImage.Stderr);
        Assert.Contains("not a readable tar archive", notAnImage.Stderr);
        Assert.Equal("no images\n", (await Aurae("image", "ls")).Stdout);
        Assert.Equal("clean\n", await OnNodeAsync("find /run/aurae/images/layers /run/aurae/images/tmp -mindepth 1; test ! -e /run/aurae/owned && echo clean"));
        using var channel = node.OperatorChannel();
        Assert.True((await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest())).Healthy);
    }

    private static (int, string) Short((int Code, string Stdout, string Stderr) result) => (result.Code, result.Stdout);

    /// <summary>Runs a shell line with busybox on the node itself: in a privileged cell, which shares the node's mounts.</summary>
    private async Task<string> OnNodeAsync(string script)
    {
        using var channel = node.OperatorChannel();
        await ArtifactUploader.PushAsync(new ArtifactService.ArtifactServiceClient(channel), ArtifactTests.Busybox, "busybox", executable: true);
        var cell = $"peek-{Guid.NewGuid():N}"[..13];
        var cells = new CellService.CellServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = cell, Privileged = true } });
        try
        {
            var result = await RemoteRun.RunAsync(channel, cell, "peek", "/run/aurae/artifacts/names/busybox", "sh", "-c", script);
            Assert.True(result.Status.ExitCode == 0, $"`{script}` exited with {result.Status.ExitCode}: {result.Stderr}");
            return result.Stdout;
        }
        finally
        {
            await cells.FreeAsync(new CellServiceFreeRequest { CellName = cell });
        }
    }
}
