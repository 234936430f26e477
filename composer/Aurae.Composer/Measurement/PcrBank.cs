using System.Security.Cryptography;

namespace Aurae.Composer.Measurement;

/// <summary>
/// One bank of a TPM 2.0 PCR: the hash algorithm its PCRs are extended with. A PCR starts as all
/// zero bytes at power-on and changes only by extension: new = H(old || H(event data)). The stub asks
/// the firmware to hash-log-extend each event into every active bank (systemd v252
/// src/boot/efi/measure.c, tpm2_measure_to_pcr_and_event_log: HashLogExtendEvent with flags 0, so the
/// firmware hashes the data itself), the extend being TPM2_PCR_Extend (TPM 2.0 Library, Part 1, 17.5).
/// </summary>
public sealed record PcrBank(string Name, HashAlgorithmName Algorithm, int DigestLength)
{
    /// <summary>The bank every TPM 2.0 (and swtpm's default) has; the one policies are written against.</summary>
    public static readonly PcrBank Sha256 = new("sha256", HashAlgorithmName.SHA256, SHA256.HashSizeInBytes);

    /// <summary>Still allocated by default on many firmwares (OVMF with swtpm among them).</summary>
    public static readonly PcrBank Sha1 = new("sha1", HashAlgorithmName.SHA1, SHA1.HashSizeInBytes);

    /// <summary>A PCR's value at power-on.</summary>
    public byte[] Reset() => new byte[DigestLength];

    /// <summary>TPM2_PCR_Extend: H(<paramref name="pcr"/> || <paramref name="eventDigest"/>).</summary>
    public byte[] Extend(ReadOnlySpan<byte> pcr, ReadOnlySpan<byte> eventDigest)
    {
        if (pcr.Length != DigestLength || eventDigest.Length != DigestLength)
            throw new ArgumentException($"a {Name} PCR and event digest are {DigestLength} bytes each");
        using var hash = IncrementalHash.CreateHash(Algorithm);
        hash.AppendData(pcr);
        hash.AppendData(eventDigest);
        return hash.GetHashAndReset();
    }

    /// <summary>The digest of one event's data, as the firmware computes it before extending.</summary>
    public byte[] Digest(ReadOnlySpan<byte> data)
    {
        using var hash = IncrementalHash.CreateHash(Algorithm);
        hash.AppendData(data);
        return hash.GetHashAndReset();
    }
}
