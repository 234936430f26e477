using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Contract.Enrollment;
using Aurae.Serve.Groups;

namespace Aurae.Serve.Enrollment;

/// <summary>
/// Decides enrollment requests: a genuine, current, unspent token issued to the requesting MAC,
/// and approval (the MAC is on the allowlist: a group selects it; or the operator approved it by
/// hand). Then the fleet CA signs the node's own key under the name it is given here.
/// </summary>
public sealed class EnrollmentDesk(GroupTable groups, BootstrapTokens tokens, EnrollmentAuthority authority,
    ApprovalDirectory approvals, Action<string> log)
{
    private readonly Lock _gate = new();

    public EnrollmentOutcome Decide(EnrollmentRequest request, string peer)
    {
        if (string.IsNullOrEmpty(request.Token) || string.IsNullOrEmpty(request.Mac) || string.IsNullOrEmpty(request.Csr))
            return Refuse(EnrollmentOutcome.Malformed("the request needs token, mac and csr"), peer, request.Mac);
        if (MacAddressText.Normalize(request.Mac) is not { } mac)
            return Refuse(EnrollmentOutcome.Malformed($"'{request.Mac}' is not a MAC address"), peer, request.Mac);

        lock (_gate)
        {
            var token = tokens.Check(request.Token);
            if (token.Refusal is { } refusal)
                return Refuse(EnrollmentOutcome.Refused(refusal), peer, mac);
            if (token.Mac != mac)
                return Refuse(EnrollmentOutcome.Refused($"bootstrap token was issued to {token.Mac}, not {mac}"), peer, mac);

            string name;
            if (groups.AllowlistedFor(mac) is { } group)
                name = group.Name;
            else if (approvals.IsApproved(mac))
                name = DefaultName(mac);
            else
            {
                approvals.RecordPending(mac, $"from {peer}, token expires {token.Expires:yyyy-MM-ddTHH:mm:ssZ}");
                log($"enroll {peer} {mac}: waiting for approval (aurae-compose approve SERVE_YAML {mac})");
                return EnrollmentOutcome.Pending($"waiting for approval: aurae-compose approve SERVE_YAML {mac}");
            }

            X509Certificate2 certificate;
            try
            {
                certificate = authority.Issue(request.Csr, name);
            }
            catch (CryptographicException e)
            {
                return Refuse(EnrollmentOutcome.Malformed($"the certificate request is not valid: {e.Message}"), peer, mac);
            }
            using (certificate)
            {
                tokens.Spend(token);
                log($"enroll {peer} {mac}: enrolled as {name} (certificate sha256 {certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant()})");
                return EnrollmentOutcome.Issued(name, certificate.ExportCertificatePem() + "\n");
            }
        }
    }

    /// <summary>The name of a machine approved by hand: from its MAC, so it is stable across boots.</summary>
    public static string DefaultName(string mac) => "node-" + mac.Replace(":", "", StringComparison.Ordinal);

    private EnrollmentOutcome Refuse(EnrollmentOutcome outcome, string peer, string? mac)
    {
        log($"enroll {peer} {mac ?? "(no mac)"}: refused ({outcome.Response.Reason})");
        return outcome;
    }
}

/// <summary>An HTTP status and the response body for one enrollment request.</summary>
public sealed record EnrollmentOutcome(int StatusCode, EnrollmentResponse Response)
{
    public static EnrollmentOutcome Issued(string name, string certificatePem) => new(200, new EnrollmentResponse(name, certificatePem));
    public static EnrollmentOutcome Pending(string reason) => new(202, new EnrollmentResponse(Reason: reason));
    public static EnrollmentOutcome Refused(string reason) => new(403, new EnrollmentResponse(Reason: reason));
    public static EnrollmentOutcome Malformed(string reason) => new(400, new EnrollmentResponse(Reason: reason));
}
