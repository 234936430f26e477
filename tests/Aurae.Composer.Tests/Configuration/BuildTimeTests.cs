using System.Text.Json;
using Aurae.Composer.Tests.Build;
using Aurae.Images.Reproducibility;
using Aurae.Testing;

namespace Aurae.Composer.Tests.Configuration;

/// <summary>
/// SOURCE_DATE_EPOCH, the one time a build stamps: checked through a real `aurae-compose build` in
/// a process of its own (this process's environment is shared by every test), read back from the
/// SBOM's timestamp and the initramfs's entries as GNU cpio lists them.
/// </summary>
public sealed class BuildTimeTests : IDisposable
{
    private readonly BuildWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Theory]
    [InlineData("1700000000", "2023-11-14T22:13:20Z")]
    [InlineData("", "1970-01-01T00:00:00Z")]
    public void A_build_stamps_SOURCE_DATE_EPOCH_or_the_epoch_when_it_is_unset(string epoch, string stamped)
    {
        var output = workspace.OutputDirectory("epoch-" + epoch);
        var (exit, stdout, stderr) = Compose(epoch, output);
        Assert.True(exit == 0, $"{stdout}{stderr}");

        using var sbom = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, $"{BuildWorkspace.NodeName}.cdx.json")));
        Assert.Equal(stamped, sbom.RootElement.GetProperty("metadata").GetProperty("timestamp").GetString());
        // GNU cpio -m restores each file's time as the archive records it.
        var expected = epoch.Length == 0 ? SourceDateEpoch.Default : DateTimeOffset.FromUnixTimeSeconds(long.Parse(epoch, System.Globalization.CultureInfo.InvariantCulture));
        var unpacked = Path.Combine(workspace.Root, "unpacked-" + epoch);
        CpioListing.Extract(Path.Combine(output, "initramfs.img"), "zstd", unpacked, "init", "etc/aurae/*");
        var files = Directory.GetFiles(unpacked, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Equal(expected.UtcDateTime, File.GetLastWriteTimeUtc(file)));
    }

    [Fact]
    public void A_SOURCE_DATE_EPOCH_that_is_not_a_timestamp_fails_the_build_naming_it()
    {
        var output = workspace.OutputDirectory("epoch-bad");
        var (exit, _, stderr) = Compose("yesterday", output);
        Assert.NotEqual(0, exit);
        Assert.Contains("SOURCE_DATE_EPOCH='yesterday' is not a valid timestamp", stderr);
        Assert.False(Directory.Exists(output));
    }

    private (int Exit, string Stdout, string Stderr) Compose(string epoch, string output) =>
        Tool.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "aurae-compose.dll"), "build", workspace.WriteNodeYaml(),
            "--output", output, "--daemon", workspace.Daemon, "--no-cache"],
            environment: new Dictionary<string, string> { [SourceDateEpoch.VariableName] = epoch });
}
