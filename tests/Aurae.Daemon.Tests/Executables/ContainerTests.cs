using System.Formats.Tar;
using System.Text.Json.Nodes;
using Aurae.Api.Cells.V0;
using Aurae.Contract.Oci;
using Aurae.Daemon.Tests.Hosting;
using Aurae.Testing.Images;
using Grpc.Core;
using static Aurae.Testing.Images.OciArchiveBuilder;

namespace Aurae.Daemon.Tests.Executables;

/// <summary>
/// Containers on this machine through the real spawn path: an image (busybox and a few files, two
/// layers, the second whiting one out) imported, run with its config and with overrides, its
/// writable layer its own and discarded, the image pinned while it runs.
/// </summary>
[Collection(ExecutablesCollection.Name)]
public sealed class ContainerTests
{
    private static async Task<IsolatedWorkload> WithImageAsync(string name = "app", string user = "", TarEntry[]? more = null)
    {
        var workload = await IsolatedWorkload.CreateAsync();
        var busybox = new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox")
        {
            DataStream = new MemoryStream(await System.IO.File.ReadAllBytesAsync(IsolatedWorkload.Busybox)),
            Mode = (UnixFileMode)0x1ED, // 0755
            ModificationTime = Time,
        };
        var tmp = new PaxTarEntry(TarEntryType.Directory, "tmp") { Mode = (UnixFileMode)0x3FF /* 1777 */, ModificationTime = Time };
        var archive = new OciArchiveBuilder
        {
            EditConfig = config => config["config"] = new JsonObject
            {
                ["Entrypoint"] = new JsonArray("/bin/sh", "-c"),
                ["Cmd"] = new JsonArray("echo default command"),
                ["Env"] = new JsonArray("PATH=/bin", "GREETING=from the image"),
                ["WorkingDir"] = "/srv",
                ["User"] = user,
            },
        }
            .Layer([Directory("bin"), busybox, Symlink("bin/sh", "busybox"), Directory("etc"), tmp,
                File("etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n"),
                File("etc/group", "root:x:0:\napp:x:1001:\n"), File("etc/motd", "deleted above"), File("etc/greeting", "original\n")])
            .Layer([File("etc/.wh.motd", ""), File("etc/added", "second layer\n"), .. more ?? []])
            .Write(Path.Combine(workload.Artifacts.PathOf("tmp"), "..", $"{name}.tar"));
        await workload.Images.ImportAsync(archive, name, CancellationToken.None);
        return workload;
    }

    [Fact]
    public async Task Runs_the_images_entrypoint_and_cmd_in_its_working_directory()
    {
        await using var workload = await WithImageAsync();
        var result = await workload.RunContainerAsync("default", "app");
        Assert.Equal("default command\n", result.Stdout);
        Assert.Equal(ExecutableStatus.Types.State.Exited, result.Final.State);
    }

    [Fact]
    public async Task Sees_its_image_owned_by_its_own_root_and_may_change_it()
    {
        await using var workload = await WithImageAsync();
        var result = await workload.RunContainerAsync("look", "app", e =>
        {
            e.Argv.Add("id -u; pwd; echo $GREETING; stat -c '%u %g %a' /etc/passwd /bin/busybox /tmp; cat /etc/added; " +
                       "test -e /etc/motd || echo motd-whited-out; echo changed > /etc/greeting && cat /etc/greeting; ls /sys/class/net");
            e.Environment["GREETING"] = "overridden";
        });
        Assert.Equal("", result.Stderr);
        Assert.Equal(["0", "/srv", "overridden", "0 0 644", "0 0 755", "0 0 1777", "second layer", "motd-whited-out", "changed", "lo"],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        // Its writable layer went with it: the next container sees the image as it was.
        var next = await workload.RunContainerAsync("next", "app", e => e.Argv.Add("cat /etc/greeting"));
        Assert.Equal("original\n", next.Stdout);
    }

    [Fact]
    public async Task The_images_user_is_looked_up_in_its_passwd_and_a_program_in_its_path()
    {
        await using var workload = await WithImageAsync();
        var asApp = await workload.RunContainerAsync("as-app", "app", e =>
        {
            e.Entrypoint.Add("sh"); // no slash: found in the image's PATH (/bin)
            e.Argv.AddRange(["-c", "id -u; id -g"]);
            e.Uid = 1000;
        });
        Assert.Equal("1000\n0\n", asApp.Stdout);
    }

    [Fact]
    public async Task A_user_name_in_the_config_is_the_images_own()
    {
        await using var workload = await WithImageAsync(user: "app");
        var result = await workload.RunContainerAsync("named", "app", e => e.Argv.Add("id -u; id -g; grep -E '^CapEff' /proc/self/status"));
        Assert.Equal("1000\n1001\nCapEff:\t0000000000000000\n", result.Stdout);
    }

    [Fact]
    public async Task An_image_in_use_cannot_be_removed_until_its_container_ends()
    {
        await using var workload = await WithImageAsync();
        await workload.StartAsync(new Executable { Name = "long", Image = "app", Argv = { "sleep 100" } });
        var refused = await Assert.ThrowsAsync<ImageException>(() => workload.Images.RemoveAsync("app", CancellationToken.None));
        Assert.Equal(ImageFailure.InUse, refused.Failure);
        Assert.Contains("in use by 1 running container", refused.Message);

        await workload.Supervisor.StopAsync(ExecutablesTestSupport.TestCell, "long", 9, TimeSpan.FromSeconds(5), CancellationToken.None);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                await workload.Images.RemoveAsync("app", CancellationToken.None);
                return;
            }
            catch (ImageException e) when (e.Failure == ImageFailure.InUse)
            {
                await Task.Delay(100); // the root is released as the end is recorded
            }
        }
        Assert.Fail("the image stayed in use after its container ended");
    }

    [Theory]
    [InlineData("proc", "/", "/proc passes through an absolute symbolic link")]
    [InlineData("dev", "../../../..", "/dev climbs out of the image")]
    public async Task An_image_whose_mount_points_lead_out_of_it_is_refused(string name, string target, string expected)
    {
        await using var workload = await WithImageAsync(more: [Symlink(name, target)]);
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(new Executable { Name = "out", Image = "app", Argv = { "true" } })));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail);
        await workload.Images.RemoveAsync("app", CancellationToken.None); // nothing kept it
    }

    [Fact]
    public async Task Relative_links_inside_the_image_are_followed_to_bind_an_artifact()
    {
        await using var workload = await WithImageAsync(more: [Directory("usr"), Directory("usr/lib"), Symlink("lib", "usr/lib")]);
        await workload.Artifacts.PushAsync("config", "bound\n"u8.ToArray());
        var result = await workload.RunContainerAsync("linked", "app", e =>
        {
            e.Argv.Add("cat /usr/lib/app.conf");
            e.Artifacts.Add(new ArtifactBinding { Artifact = "config", Path = "/lib/app.conf" });
        });
        Assert.Equal("bound\n", result.Stdout);
    }

    [Fact]
    public async Task An_unknown_image_is_NotFound_and_a_command_line_is_InvalidArgument()
    {
        await using var workload = await WithImageAsync();
        var missing = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(new Executable { Name = "x", Image = "no-such" })));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no image named 'no-such'", missing.Status.Detail);
        var shell = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => workload.StartAsync(new Executable { Name = "y", Image = "app", Command = "true" })));
        Assert.Equal(StatusCode.InvalidArgument, shell.StatusCode);
        // A refused start leaves the image free.
        await workload.Images.RemoveAsync("app", CancellationToken.None);
    }
}
