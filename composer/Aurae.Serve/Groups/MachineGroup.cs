namespace Aurae.Serve.Groups;

/// <summary>
/// One serve.yaml group: the machines it selects boot its profile. A group that names a MAC is
/// also an enrollment allowlist entry: that machine is approved at once and named after the group.
/// </summary>
public sealed record MachineGroup(string Name, string Profile, MachineSelector Selector)
{
    /// <summary>Enrollment from this group's MAC needs no one's approval.</summary>
    public bool ApprovesEnrollment => Selector.Mac is not null;
}
