namespace Aurae.Serve.Enrollment;

/// <summary>
/// Approvals by hand, as files in serve's state directory: a machine that is not on the allowlist
/// is recorded under <c>pending/</c>; <c>aurae-compose approve</c> writes <c>approved/MAC</c>, which
/// the running serve sees at the node's next poll. Files, so approval works across processes and
/// leaves a record.
/// </summary>
public sealed class ApprovalDirectory(string stateDirectory)
{
    public string Root { get; } = stateDirectory;

    public bool IsApproved(string mac) => File.Exists(PathFor("approved", mac));

    /// <summary>Records that <paramref name="mac"/> asks to enroll (what it presented, for the operator to see).</summary>
    public void RecordPending(string mac, string detail)
    {
        Directory.CreateDirectory(Path.Combine(Root, "pending"));
        File.WriteAllText(PathFor("pending", mac), detail + "\n");
    }

    /// <summary>Approves <paramref name="mac"/>; the pending record, if any, is removed.</summary>
    public void Approve(string mac, DateTimeOffset at)
    {
        Directory.CreateDirectory(Path.Combine(Root, "approved"));
        var temporary = PathFor("approved", mac) + ".tmp";
        File.WriteAllText(temporary, $"approved {at:yyyy-MM-ddTHH:mm:ssZ}\n");
        File.Move(temporary, PathFor("approved", mac), overwrite: true);
        // A machine may be approved before it ever asked (no pending/ yet): File.Delete throws on a missing directory.
        if (File.Exists(PathFor("pending", mac)))
            File.Delete(PathFor("pending", mac));
    }

    /// <summary>The MACs waiting for approval.</summary>
    public IReadOnlyList<string> Pending() =>
        Directory.Exists(Path.Combine(Root, "pending"))
            ? [.. Directory.EnumerateFiles(Path.Combine(Root, "pending")).Select(p => Path.GetFileName(p).Replace('-', ':')).Order(StringComparer.Ordinal)]
            : [];

    // Hyphens in file names: colons are awkward in some shells and file systems.
    private string PathFor(string kind, string mac) => Path.Combine(Root, kind, mac.Replace(':', '-'));
}
