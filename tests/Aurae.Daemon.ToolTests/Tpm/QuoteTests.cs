using System.Security.Cryptography;
using Aurae.Contract.Tpm;
using Aurae.Daemon.Tpm;

namespace Aurae.Daemon.ToolTests.Tpm;

/// <summary>
/// The attestation key made from the daemon's template in swtpm, a TPM2_Quote over a client's
/// nonce, and the client's <see cref="QuoteVerifier"/>: what the TPM signed is accepted, every
/// forgery is refused for its own reason, and tpm2_checkquote agrees independently.
/// </summary>
public sealed class QuoteTests : IDisposable
{
    private static readonly PcrSelection AllSha256 = PcrSelection.All(TpmAlgorithm.Sha256);

    private readonly Swtpm _swtpm = Swtpm.Start();
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(TpmQuote.MaxNonceSize);

    public void Dispose() => _swtpm.Dispose();

    /// <summary>Measures something into PCR 16 so the quoted values are not all zeros, makes the key, quotes, reads the PCRs.</summary>
    private async Task<(AttestationKey Key, TpmQuote Quote, IReadOnlyList<PcrValue> Pcrs)> QuoteAsync()
    {
        _swtpm.Tool("tpm2_pcrextend", $"16:sha256={Convert.ToHexStringLower(SHA256.HashData("aurae quote test"u8))}");
        var key = await AttestationKey.CreateAsync(_swtpm.Tpm, CancellationToken.None);
        var quote = await key.QuoteAsync(_nonce, AllSha256, CancellationToken.None);
        var pcrs = await _swtpm.Tpm.ReadPcrsAsync(AllSha256, CancellationToken.None);
        return (key, quote, pcrs);
    }

    [Fact]
    public async Task The_attestation_key_is_a_restricted_p256_signing_key_and_the_same_from_the_same_seed()
    {
        var first = await AttestationKey.CreateAsync(_swtpm.Tpm, CancellationToken.None);
        var second = await AttestationKey.CreateAsync(_swtpm.Tpm, CancellationToken.None);

        Assert.Equal(TpmAlgorithm.Ecc, first.PublicArea.Type);
        Assert.Equal(TpmEccCurve.NistP256, first.PublicArea.Curve);
        Assert.Equal(AttestationKeyTemplate.Attributes, first.PublicArea.Attributes);
        Assert.Equal((TpmAlgorithm.Ecdsa, TpmAlgorithm.Sha256), (first.PublicArea.Scheme, first.PublicArea.SchemeHash));
        Assert.Equal(32, first.PublicArea.X.Length);
        // A primary key is derived from the hierarchy seed and the template: the node presents the same key every boot.
        Assert.Equal(first.Public, second.Public);
        Assert.NotEqual(first.Handle, second.Handle);
        await first.FlushAsync(CancellationToken.None);
        await second.FlushAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_quote_over_the_nonce_and_the_reported_pcrs_is_accepted()
    {
        var (key, quote, pcrs) = await QuoteAsync();

        var verdict = QuoteVerifier.Verify(key.Public, quote, _nonce, pcrs);

        Assert.True(verdict.Accepted, verdict.ToString());
        Assert.Equal(_nonce, verdict.Attest!.ExtraData.ToArray());
        Assert.Equal(TpmsAttest.GeneratedValue, verdict.Attest.Magic);
        Assert.Equal(TpmStructureTag.AttestQuote, verdict.Attest.Type);
        Assert.Equal(AllSha256.Indices, Assert.Single(verdict.Attest.PcrSelections).Indices);
        // qualifiedSigner is the key's qualified name (Part 1 §16): for a primary, nameAlg ‖
        // SHA-256(the hierarchy's handle ‖ the key's Name), the Name being nameAlg ‖ SHA-256(TPMT_PUBLIC).
        var hierarchy = new TpmWriter().UInt32(TpmHandle.Endorsement).ToArray();
        var qualified = new TpmWriter().Algorithm(TpmAlgorithm.Sha256).Bytes(SHA256.HashData([.. hierarchy, .. key.PublicArea.Name()])).ToArray();
        Assert.Equal(qualified, verdict.Attest.QualifiedSigner.ToArray());
    }

    [Fact]
    public async Task tpm2_checkquote_accepts_the_quote_and_refuses_it_with_an_altered_pcr()
    {
        // tpm2_checkquote 5.4 reads a "values" PCR file of at most 7 digests: with 8 or more (its own
        // quotes' too) it fails "Failed to hash PCR values related to quote!". So this quote covers 7
        // PCRs: 16 (extended), 17 and 22 (all ones after Startup), and untouched ones.
        var selection = PcrSelection.Of(TpmAlgorithm.Sha256, [0, 4, 7, 16, 17, 22, 23]);
        var (key, _, _) = await QuoteAsync();
        var quote = await key.QuoteAsync(_nonce, selection, CancellationToken.None);
        var pcrs = await _swtpm.Tpm.ReadPcrsAsync(selection, CancellationToken.None);
        Assert.True(QuoteVerifier.Verify(key.Public, quote, _nonce, pcrs).Accepted);
        var work = Directory.CreateTempSubdirectory("aurae-quote-");
        try
        {
            string Write(string name, byte[] bytes)
            {
                var path = Path.Combine(work.FullName, name);
                File.WriteAllBytes(path, bytes);
                return path;
            }
            using var ecdsa = key.PublicArea.ToECDsa();
            var pem = Path.Combine(work.FullName, "ak.pem");
            File.WriteAllText(pem, ecdsa.ExportSubjectPublicKeyInfoPem());
            var attest = Write("quote.msg", quote.Attest);
            var signature = Write("quote.sig", quote.Signature);
            var values = Write("pcrs.bin", [.. pcrs.SelectMany(v => v.Digest)]);
            string[] Arguments(string pcrFile) =>
                ["-u", pem, "-m", attest, "-s", signature, "-g", "sha256", "-q", Convert.ToHexStringLower(_nonce),
                 "-f", pcrFile, "-F", "values", "-l", "sha256:" + string.Join(',', selection.Indices)];

            // tpm2_checkquote checks the signature, the nonce, and the PCR values against pcrDigest.
            var accepted = Testing.Tool.Run("tpm2_checkquote", Arguments(values));
            Assert.True(accepted.ExitCode == 0, accepted.Output + accepted.Error);

            var altered = pcrs.SelectMany(v => v.Digest).ToArray();
            altered[^1] ^= 1;
            var refused = Testing.Tool.Run("tpm2_checkquote", Arguments(Write("altered.bin", altered)));
            Assert.NotEqual(0, refused.ExitCode);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_quote_over_another_nonce_is_refused()
    {
        var (key, quote, pcrs) = await QuoteAsync();
        var other = (byte[])_nonce.Clone();
        other[0] ^= 0xFF;

        var verdict = QuoteVerifier.Verify(key.Public, quote, other, pcrs);

        Assert.Equal(QuoteFailure.WrongNonce, verdict.Failure);
    }

    [Fact]
    public async Task An_altered_pcr_value_is_refused()
    {
        var (key, quote, pcrs) = await QuoteAsync();
        var altered = pcrs.Select(v => v.Index == 7 ? v with { Digest = SHA256.HashData("not what was measured"u8) } : v).ToList();

        var verdict = QuoteVerifier.Verify(key.Public, quote, _nonce, altered);

        Assert.Equal(QuoteFailure.PcrDigestMismatch, verdict.Failure);
    }

    [Fact]
    public async Task Reported_pcrs_the_quote_does_not_cover_or_missing_ones_are_refused()
    {
        var (key, quote, pcrs) = await QuoteAsync();

        var missing = QuoteVerifier.Verify(key.Public, quote, _nonce, pcrs.Where(v => v.Index != 16).ToList());
        var extra = QuoteVerifier.Verify(key.Public, quote, _nonce, [.. pcrs, new PcrValue(TpmAlgorithm.Sha1, 0, new byte[20])]);

        Assert.Equal(QuoteFailure.PcrSelectionMismatch, missing.Failure);
        Assert.Equal(QuoteFailure.PcrSelectionMismatch, extra.Failure);
    }

    [Fact]
    public async Task A_flipped_signature_byte_is_refused()
    {
        var (key, quote, pcrs) = await QuoteAsync();
        var signature = (byte[])quote.Signature.Clone();
        // sigAlg, hash and r's size take 6 bytes: byte 10 is inside r.
        signature[10] ^= 0x01;
        var attest = (byte[])quote.Attest.Clone();
        attest[^1] ^= 0x01;

        var flippedSignature = QuoteVerifier.Verify(key.Public, quote with { Signature = signature }, _nonce, pcrs);
        var flippedAttest = QuoteVerifier.Verify(key.Public, quote with { Attest = attest }, _nonce, pcrs);

        Assert.Equal(QuoteFailure.WrongSignature, flippedSignature.Failure);
        Assert.Equal(QuoteFailure.WrongSignature, flippedAttest.Failure);
    }

    [Fact]
    public async Task A_quote_from_another_key_is_refused()
    {
        var (key, _, pcrs) = await QuoteAsync();
        // The same template under the owner hierarchy: another seed, so another key in the same TPM.
        var other = await AttestationKey.CreateAsync(_swtpm.Tpm, CancellationToken.None, TpmHandle.Owner);
        var quote = await other.QuoteAsync(_nonce, AllSha256, CancellationToken.None);

        Assert.NotEqual(key.Public, other.Public);
        Assert.True(QuoteVerifier.Verify(other.Public, quote, _nonce, pcrs).Accepted);
        Assert.Equal(QuoteFailure.WrongSignature, QuoteVerifier.Verify(key.Public, quote, _nonce, pcrs).Failure);
    }

    [Fact]
    public async Task An_unrestricted_key_is_not_an_attestation_key()
    {
        var (key, quote, pcrs) = await QuoteAsync();
        var unrestricted = (byte[])key.Public.Clone();
        // objectAttributes follow type and nameAlg; bit 16 (restricted) is in the second of its four bytes.
        unrestricted[5] &= 0xFE;

        var verdict = QuoteVerifier.Verify(unrestricted, quote, _nonce, pcrs);

        Assert.Equal(QuoteFailure.NotAnAttestationKey, verdict.Failure);
    }

    [Fact]
    public async Task A_key_whose_point_is_not_on_the_curve_is_malformed_not_a_crypto_error()
    {
        var (key, quote, pcrs) = await QuoteAsync();
        var offCurve = (byte[])key.Public.Clone();
        // TPMS_ECC_POINT.y ends the TPMT_PUBLIC: its last byte changed moves the point off P-256.
        offCurve[^1] ^= 0x01;

        var verdict = QuoteVerifier.Verify(offCurve, quote, _nonce, pcrs);

        Assert.Equal(QuoteFailure.Malformed, verdict.Failure);
    }
}
