namespace Aurae.Serve.Groups;

/// <summary>The groups in serve.yaml order; picks the most specific one that matches a machine.</summary>
public sealed class GroupTable
{
    private readonly IReadOnlyList<MachineGroup> _groups;

    /// <exception cref="ArgumentException">Two groups select exactly the same machines, or share a name.</exception>
    public GroupTable(IReadOnlyList<MachineGroup> groups)
    {
        if (groups.GroupBy(g => g.Selector).FirstOrDefault(g => g.Count() > 1) is { } same)
            throw new ArgumentException($"groups {string.Join(" and ", same.Select(g => $"'{g.Name}'"))} both select {same.Key}");
        if (groups.GroupBy(g => g.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } named)
            throw new ArgumentException($"two groups are named '{named.Key}'");
        // A MAC group is also the allowlist entry that names the node at enrollment: one per MAC.
        if (groups.Where(g => g.Selector.Mac is not null).GroupBy(g => g.Selector.Mac).FirstOrDefault(g => g.Count() > 1) is { } mac)
            throw new ArgumentException($"groups {string.Join(" and ", mac.Select(g => $"'{g.Name}'"))} both name MAC {mac.Key}; " +
                                        "a MAC names one node (its group is its name at enrollment)");
        _groups = groups;
    }

    public IReadOnlyList<MachineGroup> Groups => _groups;

    /// <summary>The matching group with the most selector fields; null when none matches (and there is no default).</summary>
    public MachineGroup? Select(MachineFacts machine) =>
        _groups.Where(g => g.Selector.Matches(machine)).MaxBy(g => g.Selector.Specificity);

    /// <summary>The group whose selector names this MAC, if any: the enrollment allowlist.</summary>
    public MachineGroup? AllowlistedFor(string mac) =>
        _groups.FirstOrDefault(g => g.Selector.Mac == mac);
}
