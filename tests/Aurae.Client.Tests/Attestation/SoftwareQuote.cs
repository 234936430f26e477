using System.Security.Cryptography;
using Aurae.Api.Node.V0;
using Aurae.Contract.Tpm;
using Google.Protobuf;

namespace Aurae.Client.Tests.Attestation;

/// <summary>
/// An AttestResponse as a node with a TPM sends it, made in software: a P-256 key with the
/// attestation key's attributes, a TPMS_ATTEST quote of sha256 PCRs 0–23 over a nonce, and its
/// ECDSA signature, marshalled as TPM 2.0 Part 2 lays them out. The client cannot tell it from a TPM's.
/// </summary>
internal static class SoftwareQuote
{
    private const TpmObjectAttributes Attributes = QuoteVerifier.AttestationKeyAttributes | TpmObjectAttributes.FixedParent | TpmObjectAttributes.UserWithAuth;

    public static AttestResponse Response(byte[] nonce, byte[] pcr11)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = key.ExportParameters(false).Q;
        var pub = new TpmWriter()
            .Algorithm(TpmAlgorithm.Ecc).Algorithm(TpmAlgorithm.Sha256).UInt32((uint)Attributes).Sized([])
            .Algorithm(TpmAlgorithm.Null).Algorithm(TpmAlgorithm.Ecdsa).Algorithm(TpmAlgorithm.Sha256)
            .UInt16((ushort)TpmEccCurve.NistP256).Algorithm(TpmAlgorithm.Null)
            .Sized(point.X).Sized(point.Y).ToArray();
        var pcrs = Enumerable.Range(0, 24).Select(i => i == 11 ? pcr11 : new byte[32]).ToArray();
        var selection = new TpmWriter();
        PcrSelection.WriteList(selection, [PcrSelection.All(TpmAlgorithm.Sha256)]);
        var attest = new TpmWriter()
            .UInt32(TpmsAttest.GeneratedValue).UInt16((ushort)TpmStructureTag.AttestQuote)
            .Sized(new byte[34]).Sized(nonce)
            .UInt32(0).UInt32(1).UInt32(0).UInt32(0).Byte(1) // clockInfo: clock (8 bytes), resetCount, restartCount, safe
            .UInt32(0).UInt32(0)                             // firmwareVersion
            .Bytes(selection.ToArray())
            .Sized(SHA256.HashData([.. pcrs.SelectMany(p => p)]))
            .ToArray();
        var signature = key.SignData(attest, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var sig = new TpmWriter().Algorithm(TpmAlgorithm.Ecdsa).Algorithm(TpmAlgorithm.Sha256)
            .Sized(signature.AsSpan(0, 32)).Sized(signature.AsSpan(32)).ToArray();
        var response = new AttestResponse
        {
            TpmPresent = true,
            SecureBoot = SecureBoot.Enabled,
            AttestationKeyPublic = ByteString.CopyFrom(pub),
            QuoteAttest = ByteString.CopyFrom(attest),
            QuoteSignature = ByteString.CopyFrom(sig),
        };
        for (var i = 0; i < pcrs.Length; i++)
            response.Pcrs.Add(new Pcr { Bank = "sha256", Index = (uint)i, Digest = ByteString.CopyFrom(pcrs[i]) });
        return response;
    }
}
