namespace Aurae.Contract.Tpm;

/// <summary>
/// TPMS_ATTEST, TPM 2.0 Library Part 2 §10.12.12, as TPM2_Quote signs it (type TPM_ST_ATTEST_QUOTE,
/// attested a TPMS_QUOTE_INFO, §10.12.4). These are exactly the signed bytes: parsing them is only
/// worth anything after the signature over them was checked.
/// </summary>
public sealed class TpmsAttest
{
    /// <summary>
    /// TPM_GENERATED_VALUE, Part 2 §6.2 (Table 7): 0xff "TCG". A restricted key refuses to sign an
    /// outside digest of data that starts with it, so a signed TPMS_ATTEST with it came from the TPM.
    /// </summary>
    public const uint GeneratedValue = 0xff544347;

    private TpmsAttest() { }

    public uint Magic { get; private init; }

    public TpmStructureTag Type { get; private init; }

    /// <summary>TPM2B_NAME: the qualified name of the key that signed.</summary>
    public ReadOnlyMemory<byte> QualifiedSigner { get; private init; }

    /// <summary>TPM2B_DATA: the qualifyingData of the command — the client's nonce.</summary>
    public ReadOnlyMemory<byte> ExtraData { get; private init; }

    public TpmsClockInfo ClockInfo { get; private init; }

    /// <summary>TPM-vendor specific; the verifier reads it only to report it.</summary>
    public ulong FirmwareVersion { get; private init; }

    /// <summary>TPMS_QUOTE_INFO.pcrSelect: the PCRs the digest covers, in the order they were hashed.</summary>
    public IReadOnlyList<PcrSelection> PcrSelections { get; private init; } = [];

    /// <summary>TPMS_QUOTE_INFO.pcrDigest: the hash (with the signing scheme's hash) of the selected PCR values concatenated.</summary>
    public ReadOnlyMemory<byte> PcrDigest { get; private init; }

    /// <summary>
    /// Reads a TPMS_ATTEST (the contents of a TPM2B_ATTEST). Anything but a quote is refused: the
    /// TPMU_ATTEST union has other arms (certify, creation, …) that Aurae does not read.
    /// </summary>
    public static TpmsAttest Parse(ReadOnlyMemory<byte> bytes)
    {
        var reader = new TpmReader(bytes);
        var magic = reader.ReadUInt32("TPMS_ATTEST.magic");
        var type = (TpmStructureTag)reader.ReadUInt16("TPMS_ATTEST.type");
        var qualifiedSigner = reader.ReadSized("TPMS_ATTEST.qualifiedSigner");
        var extraData = reader.ReadSized("TPMS_ATTEST.extraData");
        var clockInfo = TpmsClockInfo.ReadFrom(reader);
        var firmwareVersion = reader.ReadUInt64("TPMS_ATTEST.firmwareVersion");
        if (type != TpmStructureTag.AttestQuote)
            throw new TpmFormatException($"TPMS_ATTEST.type 0x{(ushort)type:x4} is not TPM_ST_ATTEST_QUOTE");
        var selections = PcrSelection.ReadList(reader);
        var pcrDigest = reader.ReadSized("TPMS_QUOTE_INFO.pcrDigest");
        reader.EnsureEnd("TPMS_ATTEST");
        return new TpmsAttest
        {
            Magic = magic,
            Type = type,
            QualifiedSigner = qualifiedSigner,
            ExtraData = extraData,
            ClockInfo = clockInfo,
            FirmwareVersion = firmwareVersion,
            PcrSelections = selections,
            PcrDigest = pcrDigest,
        };
    }
}
