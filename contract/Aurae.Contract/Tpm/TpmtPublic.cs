using System.Security.Cryptography;

namespace Aurae.Contract.Tpm;

/// <summary>
/// TPMT_PUBLIC, TPM 2.0 Library Part 2 §12.2.4, of an ECC key (TPMS_ECC_PARMS §12.2.3.6, unique a
/// TPMS_ECC_POINT §11.2.5.2): the public area the node reports for its attestation key. Only ECC keys
/// are read: Aurae's attestation key is ECC P-256 (see the daemon's AttestationKeyTemplate), and a
/// public area of any other type is refused rather than half-read.
/// </summary>
public sealed class TpmtPublic
{
    private TpmtPublic() { }

    /// <summary>The marshalled TPMT_PUBLIC, as read: the bytes its Name is computed over.</summary>
    public ReadOnlyMemory<byte> Bytes { get; private init; }

    public TpmAlgorithm Type { get; private init; }

    public TpmAlgorithm NameAlgorithm { get; private init; }

    public TpmObjectAttributes Attributes { get; private init; }

    public ReadOnlyMemory<byte> AuthPolicy { get; private init; }

    /// <summary>TPMT_ECC_SCHEME.scheme: ECDSA, or Null for a key that takes its scheme from each command.</summary>
    public TpmAlgorithm Scheme { get; private init; }

    /// <summary>The scheme's hash (TPMS_SCHEME_HASH.hashAlg); Null with a Null scheme.</summary>
    public TpmAlgorithm SchemeHash { get; private init; }

    public TpmEccCurve Curve { get; private init; }

    public ReadOnlyMemory<byte> X { get; private init; }

    public ReadOnlyMemory<byte> Y { get; private init; }

    /// <summary>
    /// Part 1 §16 (Names): nameAlg as a UINT16, then H_nameAlg(TPMT_PUBLIC). The TPM puts the
    /// signer's name into every quote (qualifiedSigner), so it identifies the key on both sides.
    /// </summary>
    public byte[] Name()
    {
        var writer = new TpmWriter().Algorithm(NameAlgorithm).Bytes(TpmHash.Compute(NameAlgorithm, Bytes.Span));
        return writer.ToArray();
    }

    /// <summary>
    /// The key as a .NET ECDsa for verifying its signatures (P-256 only). The coordinates are
    /// TPM2B values, which may come without leading zeros: they are left-padded to the field size.
    /// A point that is not on the curve is a format error, not a crypto exception.
    /// </summary>
    public ECDsa ToECDsa()
    {
        const int P256FieldSize = 32;
        if (Curve != TpmEccCurve.NistP256)
            throw new TpmFormatException($"ECC curve 0x{(ushort)Curve:x4} is not NIST P-256");
        try
        {
            return ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = LeftPadded(X, P256FieldSize, "x"), Y = LeftPadded(Y, P256FieldSize, "y") },
            });
        }
        catch (CryptographicException e)
        {
            throw new TpmFormatException($"TPMS_ECC_POINT is not a NIST P-256 public key: {e.Message}");
        }
    }

    private static byte[] LeftPadded(ReadOnlyMemory<byte> coordinate, int size, string name)
    {
        if (coordinate.Length > size)
            throw new TpmFormatException($"TPMS_ECC_POINT.{name} is {coordinate.Length} bytes, longer than P-256's {size}");
        var padded = new byte[size];
        coordinate.Span.CopyTo(padded.AsSpan(size - coordinate.Length));
        return padded;
    }

    /// <summary>Reads a TPMT_PUBLIC that is the whole of <paramref name="bytes"/> (the contents of a TPM2B_PUBLIC).</summary>
    public static TpmtPublic Parse(ReadOnlyMemory<byte> bytes)
    {
        var reader = new TpmReader(bytes);
        var type = reader.ReadAlgorithm("TPMT_PUBLIC.type");
        if (type != TpmAlgorithm.Ecc)
            throw new TpmFormatException($"TPMT_PUBLIC.type 0x{(ushort)type:x4}: only ECC keys are read");
        var nameAlgorithm = reader.ReadAlgorithm("TPMT_PUBLIC.nameAlg");
        var attributes = (TpmObjectAttributes)reader.ReadUInt32("TPMT_PUBLIC.objectAttributes");
        var authPolicy = reader.ReadSized("TPMT_PUBLIC.authPolicy");
        // TPMT_SYM_DEF_OBJECT: algorithm, then keyBits and mode unless it is Null (a signing key's is).
        if (reader.ReadAlgorithm("TPMS_ECC_PARMS.symmetric") != TpmAlgorithm.Null)
            reader.ReadBytes(4, "TPMS_ECC_PARMS.symmetric keyBits and mode");
        var scheme = reader.ReadAlgorithm("TPMS_ECC_PARMS.scheme");
        var schemeHash = scheme switch
        {
            TpmAlgorithm.Null => TpmAlgorithm.Null,
            TpmAlgorithm.Ecdsa => reader.ReadAlgorithm("TPMS_ECC_PARMS.scheme.hashAlg"),
            _ => throw new TpmFormatException($"TPMS_ECC_PARMS.scheme 0x{(ushort)scheme:x4}: only ECDSA is read"),
        };
        var curve = (TpmEccCurve)reader.ReadUInt16("TPMS_ECC_PARMS.curveID");
        // TPMT_KDF_SCHEME: scheme, then its hashAlg unless it is Null.
        if (reader.ReadAlgorithm("TPMS_ECC_PARMS.kdf") != TpmAlgorithm.Null)
            reader.ReadUInt16("TPMS_ECC_PARMS.kdf.hashAlg");
        var x = reader.ReadSized("TPMS_ECC_POINT.x");
        var y = reader.ReadSized("TPMS_ECC_POINT.y");
        reader.EnsureEnd("TPMT_PUBLIC");
        return new TpmtPublic
        {
            Bytes = bytes,
            Type = type,
            NameAlgorithm = nameAlgorithm,
            Attributes = attributes,
            AuthPolicy = authPolicy,
            Scheme = scheme,
            SchemeHash = schemeHash,
            Curve = curve,
            X = x,
            Y = y,
        };
    }
}
