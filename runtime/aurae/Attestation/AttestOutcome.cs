using Aurae.Api.Node.V0;

namespace Aurae.Cli.Attestation;

/// <summary>One node's attestation as judged: the verdict, the PCR 11 expected and (when the quote verified) quoted, and why.</summary>
internal sealed record AttestOutcome(AttestVerdict Verdict, string Expected, string Actual, SecureBoot SecureBoot, string Reason)
{
    public int ExitCode => Verdict == AttestVerdict.Match ? 0 : 1;

    /// <summary>"enabled", "disabled", "unknown".</summary>
    public string SecureBootName => SecureBoot switch
    {
        SecureBoot.Enabled => "enabled",
        SecureBoot.Disabled => "disabled",
        _ => "unknown",
    };

    public string Render() => Verdict switch
    {
        AttestVerdict.Match => $"match: PCR 11 (sha256) is {Actual}, as predicted; secure boot {SecureBootName}",
        AttestVerdict.Mismatch => $"mismatch: PCR 11 (sha256) is {Actual}, expected {Expected}; secure boot {SecureBootName}",
        _ => $"cannot attest: {Reason}; secure boot {SecureBootName}",
    };
}
