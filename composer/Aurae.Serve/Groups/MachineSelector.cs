namespace Aurae.Serve.Groups;

/// <summary>
/// Which machines a group is for: every field given must match what the machine says. No field
/// at all selects every machine (the default group). More fields is more specific.
/// </summary>
public sealed record MachineSelector(string? Mac, string? Uuid, string? Hostname)
{
    public static readonly MachineSelector Everyone = new(null, null, null);

    /// <summary>How many fields it names: the most specific matching group wins.</summary>
    public int Specificity => (Mac is null ? 0 : 1) + (Uuid is null ? 0 : 1) + (Hostname is null ? 0 : 1);

    public bool Matches(MachineFacts machine) =>
        (Mac is null || Mac == machine.Mac) &&
        (Uuid is null || Uuid == machine.Uuid) &&
        (Hostname is null || Hostname == machine.Hostname);

    public override string ToString() => Specificity == 0
        ? "every machine"
        : string.Join(' ', new[] { ("mac", Mac), ("uuid", Uuid), ("hostname", Hostname) }
            .Where(f => f.Item2 is not null).Select(f => $"{f.Item1}={f.Item2}"));
}
