using System.Security.Cryptography;
using Aurae.Contract.Tpm;
using Aurae.Daemon.Firmware;
using Aurae.Daemon.Tpm;

namespace Aurae.Daemon.ToolTests.Tpm;

/// <summary>
/// What NodeService.Attest answers from, against swtpm: the attestation key made once, the sha256
/// PCRs 0–23 and a quote of them over the client's nonce that the client's QuoteVerifier accepts.
/// </summary>
public sealed class NodeAttestationTests : IDisposable
{
    private static readonly SecureBootReading NoEfi = new(SecureBootState.Disabled, "test");

    private readonly Swtpm _swtpm = Swtpm.Start();

    public void Dispose() => _swtpm.Dispose();

    private NodeAttestation Attestation() =>
        new(AttestationTpm.CreateAsync(_swtpm.Tpm, CancellationToken.None), () => NoEfi);

    [Fact]
    public async Task The_pcrs_and_the_quote_over_the_nonce_verify_with_the_key_it_reports()
    {
        _swtpm.Tool("tpm2_pcrextend", $"11:sha256={Convert.ToHexStringLower(SHA256.HashData("a uki section"u8))}");
        var attestation = Attestation();
        var nonce = RandomNumberGenerator.GetBytes(TpmQuote.MaxNonceSize);

        var result = await attestation.AttestAsync(nonce, CancellationToken.None);

        Assert.True(result.TpmPresent);
        Assert.Equal("", result.TpmProblem);
        Assert.Equal(Enumerable.Range(0, 24), result.Pcrs.Select(p => p.Index));
        Assert.All(result.Pcrs, p => Assert.Equal(TpmAlgorithm.Sha256, p.Bank));
        var verdict = QuoteVerifier.Verify(result.AttestationKeyPublic, result.Quote!, nonce, result.Pcrs);
        Assert.True(verdict.Accepted, verdict.ToString());
        // PCR 11 as extended: SHA-256(32 zero bytes ‖ the event digest).
        var expected = SHA256.HashData([.. new byte[32], .. SHA256.HashData("a uki section"u8)]);
        Assert.Equal(expected, result.Pcrs[11].Digest);
        Assert.Same(NoEfi, result.SecureBoot);
    }

    [Fact]
    public async Task The_same_key_signs_every_quote_and_each_is_over_its_own_nonce()
    {
        var attestation = Attestation();
        var first = await attestation.AttestAsync(new byte[] { 1 }, CancellationToken.None);
        var second = await attestation.AttestAsync(new byte[] { 2 }, CancellationToken.None);

        Assert.Equal(first.AttestationKeyPublic, second.AttestationKeyPublic);
        Assert.True(QuoteVerifier.Verify(second.AttestationKeyPublic, second.Quote!, [2], second.Pcrs).Accepted);
        Assert.Equal(QuoteFailure.WrongNonce, QuoteVerifier.Verify(second.AttestationKeyPublic, second.Quote!, [1], second.Pcrs).Failure);
    }
}
