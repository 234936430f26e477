using System.Net;
using Aurae.Composer.Configuration;
using Aurae.Serve.Configuration;
using Aurae.Serve.Groups;
using Aurae.Serve.Tests;
using Aurae.Contract.Yaml;

namespace Aurae.Serve.Tests.Configuration;

/// <summary>serve.yaml: a good file, the defaults, and each mistake reported at its file:line:col and field.</summary>
public sealed class ServeConfigLoaderTests : IDisposable
{
    // Line 1-4; cases append from line 5 on. Paths are relative to serve.yaml.
    private const string Head = "pki: pki\nprofiles:\n  worker: images/worker\n  web: images/web\n";
    private const string OneGroup = "groups:\n  - {name: rest, profile: worker}\n";

    private readonly ServeTestSite site = new();

    public ServeConfigLoaderTests()
    {
        site.Profile("worker", cmdline: "console=ttyS0 panic=-1");
        site.Profile("web", cmdline: "console=tty0");
    }

    public void Dispose() => site.Dispose();

    private ServeConfig Load(string yaml) => ServeConfigLoader.Load(site.WriteYaml(yaml));

    private ConfigFileException Fails(string yaml)
    {
        var path = site.WriteYaml(yaml);
        return Assert.Throws<ConfigFileException>(() => ServeConfigLoader.Load(path));
    }

    private void AssertError(ConfigFileException error, int line, int column, string field, string problemPart)
    {
        var path = Path.Combine(site.Root, "serve.yaml");
        Assert.True((path, line, column, field) == (error.FilePath, error.Line, error.Column, error.Field), error.Message);
        Assert.StartsWith($"{path}:{line}:{column}: field '{field}': ", error.Message);
        Assert.Contains(problemPart, error.Problem);
    }

    [Fact]
    public void A_full_file_loads_with_every_field()
    {
        var ipxe = Directory.CreateDirectory(Path.Combine(site.Root, "ipxe")).FullName;

        var config = Load("""
            listen:
              http: 10.0.0.1:80
              tftp: 0.0.0.0:69
              enroll: '[::]:9443'
            advertise: 10.0.0.1
            pki: pki
            state: var/serve
            token_ttl: 90s
            ipxe: ipxe
            profiles:
              worker: images/worker
              web: ./images/web
            groups:
              - name: web1
                profile: web
                mac: 52-54-00-AA-BB-CC
                hostname: Web1
              - name: by-uuid
                profile: web
                uuid: 0B9E5A1C-3E3F-4A8E-9C5D-2F1E6A7B8C9D
              - name: rest
                profile: worker

            """);

        Assert.Equal(Path.Combine(site.Root, "serve.yaml"), config.SourcePath);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 80), config.Http);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 69), config.Tftp);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Any, 9443), config.Enroll);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), config.Advertise);
        Assert.Equal(site.PkiDirectory, config.PkiDirectory);
        Assert.Equal(Path.Combine(site.Root, "var", "serve"), config.StateDirectory);
        Assert.Equal(TimeSpan.FromSeconds(90), config.TokenLifetime);
        Assert.Equal(ipxe, config.IpxeDirectory);

        Assert.Equal(["web", "worker"], config.Profiles.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("console=ttyS0 panic=-1", config.Profiles["worker"].CommandLine);
        Assert.Equal("console=tty0", config.Profiles["web"].CommandLine);
        Assert.Equal(Path.Combine(site.Root, "images", "web"), config.Profiles["web"].Directory);

        Assert.Equal(["web1", "by-uuid", "rest"], config.Groups.Groups.Select(g => g.Name));
        Assert.Equal(new MachineGroup("web1", "web", new MachineSelector("52:54:00:aa:bb:cc", null, "web1")), config.Groups.Groups[0]);
        Assert.Equal(new MachineSelector(null, "0b9e5a1c-3e3f-4a8e-9c5d-2f1e6a7b8c9d", null), config.Groups.Groups[1].Selector);
        Assert.Equal(MachineSelector.Everyone, config.Groups.Groups[2].Selector);
    }

    [Fact]
    public void Defaults_fill_in_what_the_file_leaves_out()
    {
        var config = Load(Head + OneGroup);

        Assert.Equal(new IPEndPoint(IPAddress.Any, 8080), config.Http);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8443), config.Enroll);
        Assert.Null(config.Tftp);
        Assert.Null(config.Advertise);
        Assert.Equal(TimeSpan.FromMinutes(15), config.TokenLifetime);
        Assert.Equal(Path.Combine(site.Root, "serve-state"), config.StateDirectory);
        Assert.Null(config.IpxeDirectory);
    }

    [Theory]
    [InlineData("2h", 7200)]
    [InlineData("15m", 900)]
    [InlineData("30s", 30)]
    public void Token_ttl_takes_seconds_minutes_and_hours(string ttl, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), Load(Head + $"token_ttl: {ttl}\n" + OneGroup).TokenLifetime);
    }

    [Fact]
    public void An_unknown_top_level_key_suggests_the_right_one()
    {
        var error = Fails(Head + "token_tll: 5m\n" + OneGroup);

        AssertError(error, 5, 1, "token_tll", "unknown key (did you mean 'token_ttl'?); known keys: listen, advertise, pki, state, token_ttl, ipxe, profiles, groups");
    }

    [Fact]
    public void An_unknown_group_key_suggests_the_right_one()
    {
        var error = Fails(Head + "groups:\n  - name: a\n    profile: worker\n    macc: 52:54:00:12:34:56\n");

        AssertError(error, 8, 5, "groups[0].macc", "unknown key (did you mean 'mac'?)");
    }

    [Fact]
    public void An_unknown_listen_key_suggests_the_right_one()
    {
        var error = Fails("listen:\n  enrol: 0.0.0.0:8443\n" + Head + OneGroup);

        AssertError(error, 2, 3, "listen.enrol", "unknown key (did you mean 'enroll'?)");
    }

    [Fact]
    public void A_bad_mac_names_the_group_field()
    {
        var error = Fails(Head + "groups:\n  - name: a\n    profile: worker\n    mac: 52:54:00:12:34\n");

        AssertError(error, 8, 10, "groups[0].mac", "'52:54:00:12:34' is not a MAC address");
    }

    [Fact]
    public void A_bad_uuid_names_the_group_field()
    {
        var error = Fails(Head + "groups:\n  - name: a\n    profile: worker\n    uuid: 1234\n");

        AssertError(error, 8, 11, "groups[0].uuid", "'1234' is not a UUID");
    }

    [Theory]
    [InlineData("vmlinuz")]
    [InlineData("initramfs.img")]
    [InlineData("cmdline")]
    public void A_profile_directory_without_a_pxe_file_is_refused_naming_the_file(string missing)
    {
        var directory = site.Profile("broken", withKernel: missing != "vmlinuz", withInitramfs: missing != "initramfs.img", withCmdline: missing != "cmdline");

        var error = Fails("pki: pki\nprofiles:\n  worker: images/worker\n  broken: images/broken\n" + OneGroup);

        AssertError(error, 4, 11, "profiles.broken", $"'{Path.Combine(directory, missing)}' not found");
        Assert.Contains("outputs: [pxe]", error.Problem);
    }

    [Fact]
    public void A_missing_profile_directory_is_refused()
    {
        var error = Fails("pki: pki\nprofiles:\n  gone: images/gone\n" + OneGroup);

        AssertError(error, 3, 9, "profiles.gone", $"directory '{Path.Combine(site.Root, "images", "gone")}' does not exist");
    }

    [Fact]
    public void A_group_naming_an_unknown_profile_lists_the_profiles()
    {
        var error = Fails(Head + "groups:\n  - name: a\n    profile: wroker\n");

        AssertError(error, 7, 14, "groups[0].profile", "no profile 'wroker'; profiles: web, worker");
    }

    [Fact]
    public void A_group_may_not_take_the_enrollment_endpoints_name()
    {
        var error = Fails(Head + "groups:\n  - name: aurae-enroll\n    profile: worker\n");

        AssertError(error, 6, 11, "groups[0].name", "reserved for the enrollment endpoint");
    }

    [Fact]
    public void A_group_name_that_is_not_a_host_name_is_refused()
    {
        var error = Fails(Head + "groups:\n  - name: node_a!\n    profile: worker\n");

        Assert.Equal((6, 11, "groups[0].name"), (error.Line, error.Column, error.Field));
        Assert.Contains("node_a!", error.Problem);
    }

    [Theory]
    [InlineData("15")]
    [InlineData("15x")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("m")]
    [InlineData("1.5h")]
    public void A_bad_token_ttl_is_refused_with_an_example(string ttl)
    {
        var error = Fails(Head + $"token_ttl: '{ttl}'\n" + OneGroup);

        AssertError(error, 5, 12, "token_ttl", $"'{ttl}' is not a duration; use a positive number with s, m or h (e.g. 15m)");
    }

    [Fact]
    public void Two_groups_with_the_same_selector_are_refused_naming_both()
    {
        var error = Fails(Head + "groups:\n  - {name: a, profile: worker, mac: '52:54:00:12:34:56'}\n  - {name: b, profile: web, mac: 52-54-00-12-34-56}\n");

        AssertError(error, 6, 3, "groups", "groups 'a' and 'b' both select mac=52:54:00:12:34:56");
    }

    [Fact]
    public void Two_groups_with_the_same_name_are_refused()
    {
        var error = Fails(Head + "groups:\n  - {name: a, profile: worker}\n  - {name: a, profile: web, hostname: h}\n");

        AssertError(error, 6, 3, "groups", "two groups are named 'a'");
    }

    [Fact]
    public void No_profiles_is_refused()
    {
        var error = Fails("pki: pki\nprofiles: {}\n" + OneGroup);

        AssertError(error, 2, 11, "profiles", "no profiles");
    }

    [Theory]
    [InlineData("serve.example.com")]
    [InlineData("10.0.0.1:8443")]
    [InlineData("10.0.0")]
    public void Advertise_must_be_an_ip_address(string advertise)
    {
        var error = Fails($"advertise: {advertise}\n" + Head + OneGroup);

        AssertError(error, 1, 12, "advertise", $"'{advertise}' is not an IP address");
    }

    [Theory]
    [InlineData("0.0.0.0:8080")]
    [InlineData("'[::]:8080'")]
    public void Tftp_with_http_on_a_wildcard_address_needs_advertise(string http)
    {
        // TFTP's boot.ipxe must name where HTTP is; a wildcard listen address is nowhere.
        var error = Fails($"listen:\n  http: {http}\n  tftp: 0.0.0.0:69\n" + Head + OneGroup);

        AssertError(error, 3, 9, "listen.tftp", "set advertise:");
        Assert.Equal("10.0.0.1", Load($"listen:\n  http: {http}\n  tftp: 0.0.0.0:69\nadvertise: 10.0.0.1\n" + Head + OneGroup).Advertise!.ToString());
        Assert.NotNull(Load("listen:\n  http: 10.0.0.1:8080\n  tftp: 0.0.0.0:69\n" + Head + OneGroup).Tftp);
    }

    [Fact]
    public void A_listen_address_with_a_host_name_is_refused()
    {
        var error = Fails("listen:\n  http: serve.local:80\n" + Head + OneGroup);

        AssertError(error, 2, 9, "listen.http", "'serve.local' is not an IP address");
    }

    [Fact]
    public void A_missing_pki_directory_says_how_to_make_one()
    {
        var error = Fails("pki: nopki\nprofiles:\n  worker: images/worker\n" + OneGroup);

        AssertError(error, 1, 6, "pki", "aurae-compose pki init");
    }

    [Fact]
    public void Missing_groups_is_a_required_field()
    {
        var error = Fails(Head);

        AssertError(error, 1, 1, "groups", "required field is missing");
    }

    [Fact]
    public void An_empty_file_says_what_serve_yaml_needs()
    {
        var error = Fails("# nothing\n");

        Assert.Equal(1, error.Line);
        Assert.Contains("serve.yaml needs at least pki, profiles and groups", error.Problem);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var missing = Path.Combine(site.Root, "nope.yaml");

        var error = Assert.Throws<ConfigFileException>(() => ServeConfigLoader.Load(missing));

        Assert.Contains($"'{missing}' not found", error.Message);
    }
}
