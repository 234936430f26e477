using Aurae.Serve.Groups;


namespace Aurae.Serve.Tests.Groups;

/// <summary>Which group a machine boots: the most specific match, the default for the rest; and what MachineFacts accepts.</summary>
public sealed class GroupTableTests
{
    private const string MacA = "52:54:00:12:34:56";

    private const string UuidU = "0b9e5a1c-3e3f-4a8e-9c5d-2f1e6a7b8c9d";
    private static readonly MachineGroup ByHost = new("web", "web", new MachineSelector(null, null, "web1"));
    private static readonly MachineGroup ByUuidAndHost = new("u-web", "web", new MachineSelector(null, UuidU, "web1"));
    private static readonly MachineGroup ByMac = new("a", "worker", new MachineSelector(MacA, null, null));
    private static readonly MachineGroup ByUuid = new("u", "worker", new MachineSelector(null, "0b9e5a1c-3e3f-4a8e-9c5d-2f1e6a7b8c9d", null));
    private static readonly MachineGroup Default = new("rest", "worker", MachineSelector.Everyone);

    [Fact]
    public void The_most_specific_matching_group_wins_whatever_the_order()
    {
        // Default first, most specific last: order in serve.yaml must not matter.
        var table = new GroupTable([Default, ByHost, ByUuidAndHost]);

        Assert.Equal("u-web", table.Select(new MachineFacts(null, UuidU, "web1"))?.Name);
        Assert.Equal("web", table.Select(new MachineFacts(MacA, null, "web1"))?.Name);
        Assert.Equal("rest", table.Select(new MachineFacts(null, UuidU, "other"))?.Name);
        Assert.Equal("rest", table.Select(new MachineFacts(MacA, null, null))?.Name);
        Assert.Equal("rest", table.Select(new MachineFacts(null, null, null))?.Name);
    }

    [Fact]
    public void A_mac_names_one_group_because_its_group_names_the_node_at_enrollment()
    {
        var error = Assert.Throws<ArgumentException>(() => new GroupTable(
            [ByMac, new MachineGroup("a-web", "web", new MachineSelector(MacA, null, "web1"))]));
        Assert.Contains("groups 'a' and 'a-web' both name MAC 52:54:00:12:34:56", error.Message);
    }

    [Fact]
    public void Without_a_default_group_an_unselected_machine_gets_nothing()
    {
        var table = new GroupTable([ByMac, ByUuid]);

        Assert.Null(table.Select(new MachineFacts("52:54:00:00:00:01", null, null)));
        Assert.Null(table.Select(new MachineFacts(null, null, "web1")));
        Assert.Equal("u", table.Select(new MachineFacts(null, "0B9E5A1C-3E3F-4A8E-9C5D-2F1E6A7B8C9D", null))?.Name);
    }

    [Fact]
    public void Only_a_group_naming_the_mac_is_on_the_enrollment_allowlist()
    {
        var table = new GroupTable([Default, ByMac, ByUuid]);

        Assert.Equal("a", table.AllowlistedFor(MacA)?.Name);
        Assert.Null(table.AllowlistedFor("52:54:00:00:00:01"));
        Assert.False(Default.ApprovesEnrollment);
        Assert.True(ByMac.ApprovesEnrollment);
    }

    [Theory]
    [InlineData("52-54-00-12-34-56")]
    [InlineData("52:54:00:12:34:56")]
    [InlineData("52:54:00:12:34:56 ")]
    [InlineData("52-54-00-12-34-56\n")]
    public void Hyphenated_colon_and_upper_case_macs_are_the_same_machine(string mac)
    {
        var facts = new MachineFacts(mac, null, null);

        Assert.Equal(MacA, facts.Mac);
        Assert.Equal("a", new GroupTable([Default, ByMac]).Select(facts)?.Name);
        Assert.Equal(MacA, new MachineFacts(mac.ToUpperInvariant(), null, null).Mac);
    }

    [Fact]
    public void Empty_facts_are_absent_and_hostnames_and_uuids_are_normalised()
    {
        var facts = new MachineFacts("", "  ", " Web1 ");

        Assert.Null(facts.Mac);
        Assert.Null(facts.Uuid);
        Assert.Equal("web1", facts.Hostname);
        Assert.Equal("0b9e5a1c-3e3f-4a8e-9c5d-2f1e6a7b8c9d", new MachineFacts(null, "0B9E5A1C-3E3F-4A8E-9C5D-2F1E6A7B8C9D", null).Uuid);
    }

    [Theory]
    [InlineData("52:54:00:12:34")]
    [InlineData("52:54:00:12:34:56:78")]
    [InlineData("52:54:00:12:34:5g")]
    [InlineData("525400123456")]
    [InlineData("52:54-00:12:34:56")]
    [InlineData("5:54:00:12:34:56")]
    public void A_bad_mac_is_a_format_error_quoting_it(string mac)
    {
        var error = Assert.Throws<FormatException>(() => new MachineFacts(mac, null, null));

        Assert.Equal($"'{mac}' is not a MAC address", error.Message);
    }

    [Fact]
    public void A_bad_uuid_is_a_format_error_quoting_it()
    {
        var error = Assert.Throws<FormatException>(() => new MachineFacts(MacA, "not-a-uuid", null));

        Assert.Equal("'not-a-uuid' is not a UUID", error.Message);
    }

    [Fact]
    public void Two_groups_with_the_same_selector_are_refused_naming_both()
    {
        var twin = new MachineGroup("b", "web", new MachineSelector(MacA, null, null));

        var error = Assert.Throws<ArgumentException>(() => new GroupTable([ByMac, Default, twin]));

        Assert.Contains("'a'", error.Message);
        Assert.Contains("'b'", error.Message);
        Assert.Contains($"mac={MacA}", error.Message);
    }

    [Fact]
    public void Two_default_groups_are_refused_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() => new GroupTable([Default, new MachineGroup("fallback", "web", MachineSelector.Everyone)]));

        Assert.Equal("groups 'rest' and 'fallback' both select every machine", error.Message);
    }

    [Fact]
    public void Two_groups_with_the_same_name_are_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new GroupTable([ByMac, new MachineGroup("a", "worker", MachineSelector.Everyone)]));

        Assert.Equal("two groups are named 'a'", error.Message);
    }
}
