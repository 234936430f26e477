namespace Aurae.Contract.Tpm;

/// <summary>
/// TPMT_SIGNATURE, TPM 2.0 Library Part 2 §11.3.4, with the ECDSA arm TPMS_SIGNATURE_ECC (§11.3.2):
/// sigAlg, the hash signed with, then r and s as TPM2B_ECC_PARAMETER. The TPM trims no leading zeros
/// consistently, so r and s are padded to the curve's size before .NET reads them.
/// </summary>
public sealed class TpmtSignature
{
    private TpmtSignature() { }

    public TpmAlgorithm Algorithm { get; private init; }

    public TpmAlgorithm Hash { get; private init; }

    public ReadOnlyMemory<byte> R { get; private init; }

    public ReadOnlyMemory<byte> S { get; private init; }

    /// <summary>r ‖ s, each left-padded to <paramref name="fieldSize"/> bytes: IEEE P1363, the form .NET's ECDsa verifies.</summary>
    public byte[] ToIeeeP1363(int fieldSize)
    {
        if (R.Length > fieldSize || S.Length > fieldSize)
            throw new TpmFormatException($"ECDSA r or s longer than {fieldSize} bytes");
        var signature = new byte[2 * fieldSize];
        R.Span.CopyTo(signature.AsSpan(fieldSize - R.Length, R.Length));
        S.Span.CopyTo(signature.AsSpan(2 * fieldSize - S.Length, S.Length));
        return signature;
    }

    public static TpmtSignature ReadFrom(TpmReader reader)
    {
        var algorithm = reader.ReadAlgorithm("TPMT_SIGNATURE.sigAlg");
        if (algorithm != TpmAlgorithm.Ecdsa)
            throw new TpmFormatException($"TPMT_SIGNATURE.sigAlg 0x{(ushort)algorithm:x4}: only ECDSA signatures are read");
        return new TpmtSignature
        {
            Algorithm = algorithm,
            Hash = reader.ReadAlgorithm("TPMS_SIGNATURE_ECC.hash"),
            R = reader.ReadSized("TPMS_SIGNATURE_ECC.signatureR"),
            S = reader.ReadSized("TPMS_SIGNATURE_ECC.signatureS"),
        };
    }

    /// <summary>Reads a TPMT_SIGNATURE that is the whole of <paramref name="bytes"/>.</summary>
    public static TpmtSignature Parse(ReadOnlyMemory<byte> bytes)
    {
        var reader = new TpmReader(bytes);
        var signature = ReadFrom(reader);
        reader.EnsureEnd("TPMT_SIGNATURE");
        return signature;
    }
}
