using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Aurae.Cli;
using Aurae.Api.Node.V0;
using Aurae.Cli.Attestation;
using Aurae.Contract.Client;
using Google.Protobuf;

namespace Aurae.Client.Tests.Attestation;

/// <summary>`aurae node attest`'s judgement: only a verified quote's PCR 11 is compared, and only a match exits 0.</summary>
public sealed class AttestCheckTests
{
    private static readonly byte[] Nonce = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Predicted = SHA256.HashData("the uki"u8);

    [Fact]
    public void A_verified_quote_with_the_predicted_pcr11_matches()
    {
        var outcome = AttestCheck.Judge(SoftwareQuote.Response(Nonce, Predicted), Nonce, Convert.ToHexString(Predicted));

        Assert.Equal(AttestVerdict.Match, outcome.Verdict);
        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("match: PCR 11 (sha256) is " + Convert.ToHexStringLower(Predicted), outcome.Render());
        Assert.Contains("secure boot enabled", outcome.Render());
    }

    [Fact]
    public void A_verified_quote_with_another_pcr11_is_a_mismatch_naming_both()
    {
        var other = SHA256.HashData("another uki"u8);

        var outcome = AttestCheck.Judge(SoftwareQuote.Response(Nonce, other), Nonce, Convert.ToHexStringLower(Predicted));

        Assert.Equal(AttestVerdict.Mismatch, outcome.Verdict);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal($"mismatch: PCR 11 (sha256) is {Convert.ToHexStringLower(other)}, expected {Convert.ToHexStringLower(Predicted)}; secure boot enabled", outcome.Render());
    }

    [Fact]
    public void A_quote_over_another_nonce_or_with_a_changed_pcr_is_unverified_never_a_match()
    {
        var response = SoftwareQuote.Response(Nonce, Predicted);
        var otherNonce = AttestCheck.Judge(response, RandomNumberGenerator.GetBytes(32), Convert.ToHexStringLower(Predicted));
        var changed = response.Clone();
        changed.Pcrs[0].Digest = ByteString.CopyFrom(new byte[31].Append((byte)1).ToArray());
        var changedPcr = AttestCheck.Judge(changed, Nonce, Convert.ToHexStringLower(Predicted));

        Assert.Equal(AttestVerdict.Unverified, otherNonce.Verdict);
        Assert.Contains("WrongNonce", otherNonce.Reason);
        Assert.Equal(AttestVerdict.Unverified, changedPcr.Verdict);
        Assert.Contains("PcrDigestMismatch", changedPcr.Reason);
        Assert.Equal(1, changedPcr.ExitCode);
    }

    [Fact]
    public void A_node_without_a_tpm_cannot_attest_and_says_why()
    {
        var outcome = AttestCheck.Judge(new AttestResponse { TpmPresent = false, TpmProblem = "no /dev/tpmrm0" }, Nonce, Convert.ToHexStringLower(Predicted));

        Assert.Equal(AttestVerdict.Unverified, outcome.Verdict);
        Assert.Equal("cannot attest: no TPM: no /dev/tpmrm0; secure boot unknown", outcome.Render());
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    public void The_prediction_is_read_from_the_file_or_the_build_directory()
    {
        var directory = Directory.CreateTempSubdirectory("aurae-pcr11-");
        try
        {
            var hex = Convert.ToHexStringLower(Predicted);
            var file = Path.Combine(directory.FullName, "web.pcr11.json");
            File.WriteAllText(file, $$"""{ "pcr": 11, "rules": "systemd-stub 252", "banks": { "sha256": "{{hex}}", "sha1": "00" } }""");

            Assert.Equal(hex, Pcr11Expectation.Sha256For(file, "web"));
            Assert.Equal(hex, Pcr11Expectation.Sha256For(directory.FullName, "any"));
            Assert.Throws<InvalidDataException>(() => Pcr11Expectation.Read("""{ "pcr": 7, "banks": { "sha256": "00" } }"""u8.ToArray(), "x"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Json_names_the_result_and_both_values()
    {
        var outcome = AttestCheck.Judge(SoftwareQuote.Response(Nonce, Predicted), Nonce, Convert.ToHexStringLower(Predicted));

        var json = AttestCommand.Json(outcome);

        Assert.Contains("\"result\":\"match\"", json);
        Assert.Contains($"\"actual\":\"{Convert.ToHexStringLower(Predicted)}\"", json);
        Assert.Contains("\"secure_boot\":\"enabled\"", json);
    }

    [Fact]
    public void Json_of_several_nodes_keeps_a_node_that_did_not_answer_as_an_error()
    {
        var outcome = AttestCheck.Judge(SoftwareQuote.Response(Nonce, Predicted), Nonce, Convert.ToHexStringLower(Predicted));
        var answered = new NodeTarget("aurae-node-1", IPEndPoint.Parse("10.0.2.15:8080"));
        var silent = new NodeTarget("aurae-node-2", IPEndPoint.Parse("10.0.2.16:8080"));

        using var json = JsonDocument.Parse(AttestCommand.Json(
        [
            NodeResult<AttestOutcome>.Succeeded(answered, outcome),
            NodeResult<AttestOutcome>.Failed(silent, new RpcFailure("Unavailable", "connection refused", IsConnection: true)),
        ]));

        Assert.Equal(["aurae-node-1", "aurae-node-2"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("match", json.RootElement.GetProperty("aurae-node-1").GetProperty("result").GetString());
        Assert.Equal("Unavailable", json.RootElement.GetProperty("aurae-node-2").GetProperty("error").GetProperty("code").GetString());
    }
}
