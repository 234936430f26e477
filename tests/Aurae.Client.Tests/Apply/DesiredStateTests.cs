using System.Formats.Tar;
using System.Text.Json;
using Aurae.Cli.Apply;
using Aurae.Contract.Yaml;
using Aurae.Testing;
using Aurae.Testing.Images;

namespace Aurae.Client.Tests.Apply;

/// <summary>The file's archives read before any node is touched: digests, pins, archives that are none.</summary>
public sealed class DesiredStateTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("aurae-desired-");

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task An_image_is_known_by_its_config_digest_and_an_artifact_by_its_sha256()
    {
        var archive = new OciArchiveBuilder().Layer([OciArchiveBuilder.File("etc/motd", "hi")]).Write(directory.Combine("web.tar"));
        directory.Write("tool", "program");
        var expected = ConfigDigestByHand(archive);
        var desired = await Read($"""
            artifacts:
              tool: tool
            images:
              web: web.tar
              pinned: {"{"}file: web.tar, digest: "{expected}"{"}"}
            """);
        Assert.Equal([expected, expected], desired.Images.Select(image => image.ConfigDigest));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(archive))), desired.Images[0].Header.Sha256);
        Assert.StartsWith("image-", desired.Images[0].Header.Name);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("program"u8)), desired.Artifacts[0].Header.Sha256);
        Assert.Equal("tool", desired.Artifacts[0].Header.Name);
    }

    [Fact]
    public async Task A_pin_the_archive_does_not_match_and_a_file_that_is_no_archive_are_refused_at_their_line()
    {
        var archive = new OciArchiveBuilder().Layer([OciArchiveBuilder.File("etc/motd", "hi")]).Write(directory.Combine("web.tar"));
        var other = "sha256:" + new string('0', 64);
        var pinned = await Assert.ThrowsAsync<ConfigFileException>(() => Read($"images:\n  web: {{file: web.tar, digest: \"{other}\"}}\n"));
        Assert.Equal(2, pinned.Line);
        Assert.Contains($"holds the image {ConfigDigestByHand(archive)}, not the pinned {other}", pinned.Message);

        directory.Write("notes.tar", "not a tar at all");
        var broken = await Assert.ThrowsAsync<ConfigFileException>(() => Read("images:\n  notes: notes.tar\n"));
        Assert.Equal((2, 10), (broken.Line, broken.Column));
        Assert.Contains("not an image archive the node would import", broken.Message);

        var badPin = Assert.Throws<ConfigFileException>(() => WorkloadsFileLoader.Load(directory.Write("w.yaml", "images:\n  web: {file: web.tar, digest: md5:00}\n")));
        Assert.Contains("'md5:00' is not a digest", badPin.Message);
    }

    private Task<DesiredState> Read(string yaml) =>
        DesiredState.ReadAsync(WorkloadsFileLoader.Load(directory.Write("workloads.yaml", yaml)), default);

    // Independently of the node's reader: index.json → manifest → config.digest.
    private static string ConfigDigestByHand(string archive)
    {
        var members = new Dictionary<string, byte[]>();
        using (var reader = new TarReader(File.OpenRead(archive)))
            while (reader.GetNextEntry() is { } entry)
                if (entry.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    members[entry.Name.TrimStart('.', '/')] = copy.ToArray();
                }
        var manifestDigest = JsonDocument.Parse(members["index.json"]).RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString()!;
        var manifest = JsonDocument.Parse(members["blobs/sha256/" + manifestDigest["sha256:".Length..]]);
        return manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
    }
}

/// <summary>examples/workloads.yaml, which the README applies, loads and reads as it says.</summary>
public sealed class ExampleWorkloadsTests
{
    [Fact]
    public async Task The_example_declares_busybox_and_a_clock_that_always_restarts()
    {
        var file = WorkloadsFileLoader.Load(Path.Combine(RepositoryRoot.Path, "examples", "workloads.yaml"));
        var desired = await DesiredState.ReadAsync(file, default);
        Assert.Equal("busybox", Assert.Single(desired.Artifacts).Header.Name);
        Assert.True(desired.Artifacts[0].Header.Executable);
        var clock = Assert.Single(Assert.Single(file.Cells).Workloads);
        Assert.Equal("site/clock", $"{clock.CellName}/{clock.Name}");
        Assert.Equal(Aurae.Api.Cells.V0.RestartPolicy.Always, clock.Spec.Restart);
    }
}
