using System.Security.Cryptography;

namespace Aurae.Contract.Tpm;

/// <summary>The .NET hash behind a TPM hash algorithm id: hashing for names, pcrDigest and signatures.</summary>
public static class TpmHash
{
    public static HashAlgorithmName Name(TpmAlgorithm hash) => hash switch
    {
        TpmAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        TpmAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        TpmAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        TpmAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new TpmFormatException($"hash algorithm 0x{(ushort)hash:x4} is not one Aurae hashes with"),
    };

    public static byte[] Compute(TpmAlgorithm hash, ReadOnlySpan<byte> data) => CryptographicOperations.HashData(Name(hash), data);
}
