using System.Text.Json;
using Aurae.Composer.Tests.CommandLine;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Tests;

namespace Aurae.Serve.Tests.CommandLine;

/// <summary>`aurae-compose serve --write-matchbox` and `aurae-compose approve`, run in-process.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly ServeTestSite site = new();

    public void Dispose() => site.Dispose();

    private static JsonElement ReadJson(string path)
    {
        Assert.True(File.Exists(path), $"{path} not written");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Write_matchbox_writes_profiles_and_groups_as_matchbox_reads_them()
    {
        var yaml = site.StandardYaml();
        var output = Path.Combine(site.Root, "matchbox");

        var result = ComposeCli.Succeed("serve", yaml, "--write-matchbox", output);

        Assert.Equal($"wrote 1 profile(s) and 2 group(s) to {output}", result.Output.TrimEnd());
        Assert.Equal(["worker.json"], Directory.GetFiles(Path.Combine(output, "profiles")).Select(Path.GetFileName));
        Assert.Equal(["node-a.json", "rest.json"], Directory.GetFiles(Path.Combine(output, "groups")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var profile = ReadJson(Path.Combine(output, "profiles", "worker.json"));
        Assert.Equal("worker", profile.GetProperty("id").GetString());
        Assert.Equal("worker", profile.GetProperty("name").GetString());
        var boot = profile.GetProperty("boot");
        Assert.Equal("/assets/worker/vmlinuz", boot.GetProperty("kernel").GetString());
        Assert.Equal(["/assets/worker/initramfs.img"], boot.GetProperty("initrd").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["initrd=initramfs.img", "console=ttyS0", "panic=-1"], boot.GetProperty("args").EnumerateArray().Select(e => e.GetString()));

        var named = ReadJson(Path.Combine(output, "groups", "node-a.json"));
        Assert.Equal("node-a", named.GetProperty("id").GetString());
        Assert.Equal("node-a", named.GetProperty("name").GetString());
        Assert.Equal("worker", named.GetProperty("profile").GetString());
        Assert.Equal("52:54:00:12:34:56", named.GetProperty("selector").GetProperty("mac").GetString());
        Assert.Single(named.GetProperty("selector").EnumerateObject());

        var fallback = ReadJson(Path.Combine(output, "groups", "rest.json"));
        Assert.Equal("worker", fallback.GetProperty("profile").GetString());
        Assert.False(fallback.TryGetProperty("selector", out _), "matchbox's default group has no selector");

        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Serve_with_a_broken_serve_yaml_exits_1_naming_the_place()
    {
        var yaml = site.WriteYaml("pki: pki\nprofile: {}\n");

        var result = ComposeCli.Fail("serve", yaml, "--write-matchbox", Path.Combine(site.Root, "m"));

        Assert.StartsWith($"aurae-compose: error: {yaml}:2:1: field 'profile': unknown key (did you mean 'profiles'?)", result.Error);
        Assert.False(Directory.Exists(Path.Combine(site.Root, "m")));
    }

    [Fact]
    public void Approve_lists_the_machines_waiting()
    {
        var yaml = site.StandardYaml();
        Assert.Equal("", ComposeCli.Succeed("approve", yaml).Output);
        var approvals = new ApprovalDirectory(site.StateDirectory);
        approvals.RecordPending("52:54:00:00:00:02", "from 192.0.2.2:1");
        approvals.RecordPending("52:54:00:00:00:01", "from 192.0.2.1:1");

        var result = ComposeCli.Succeed("approve", yaml);

        Assert.Equal("waiting: 52:54:00:00:00:01\nwaiting: 52:54:00:00:00:02\n", result.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Approve_with_macs_approves_them_by_name()
    {
        var yaml = site.StandardYaml();
        var approvals = new ApprovalDirectory(site.StateDirectory);
        approvals.RecordPending("52:54:00:00:00:01", "from 192.0.2.1:1");

        var result = ComposeCli.Succeed("approve", yaml, "52-54-00-00-00-01", "52:54:00:AB:CD:EF");

        Assert.Equal(
            "approved 52:54:00:00:00:01: it enrolls as node-525400000001 at its next attempt\n" +
            "approved 52:54:00:ab:cd:ef: it enrolls as node-525400abcdef at its next attempt\n",
            result.Output.ReplaceLineEndings("\n"));
        Assert.True(approvals.IsApproved("52:54:00:00:00:01"));
        Assert.True(approvals.IsApproved("52:54:00:ab:cd:ef"));
        Assert.Empty(approvals.Pending());
        Assert.Equal("", ComposeCli.Succeed("approve", yaml).Output);
    }

    [Fact]
    public void A_machine_can_be_approved_before_it_asks()
    {
        var yaml = site.StandardYaml();

        var result = ComposeCli.Succeed("approve", yaml, "52:54:00:00:00:09");

        Assert.Equal("approved 52:54:00:00:00:09: it enrolls as node-525400000009 at its next attempt\n", result.Output.ReplaceLineEndings("\n"));
        Assert.True(new ApprovalDirectory(site.StateDirectory).IsApproved("52:54:00:00:00:09"));
    }

    [Fact]
    public void Approve_with_a_bad_mac_exits_1_naming_it()
    {
        var yaml = site.StandardYaml();

        var result = ComposeCli.Fail("approve", yaml, "52:54:00:zz:00:01");

        Assert.Equal("aurae-compose: error: '52:54:00:zz:00:01' is not a MAC address", result.Error.TrimEnd());
        Assert.False(Directory.Exists(Path.Combine(site.StateDirectory, "approved")));
    }

    [Fact]
    public void Approve_with_a_missing_serve_yaml_exits_1_naming_it()
    {
        var missing = Path.Combine(site.Root, "nope.yaml");

        var result = ComposeCli.Fail("approve", missing);

        Assert.Contains($"'{missing}' not found", result.Error);
    }
}
