namespace Aurae.Contract.Tpm;

/// <summary>
/// TPMS_PCR_SELECTION, TPM 2.0 Library Part 2 §10.6.2: one hash bank and a bitmap of PCRs in it (PCR
/// n is bit n % 8 of byte n / 8). A list of them is a TPML_PCR_SELECTION (§10.9.7): a UINT32 count,
/// then each selection, in the order the TPM hashes them for a quote's pcrDigest.
/// </summary>
public sealed class PcrSelection
{
    /// <summary>
    /// PCR_SELECT_MIN of the PC Client platform: 24 PCRs, so 3 bitmap bytes. A TPM refuses a
    /// shorter sizeofSelect, so even a selection of PCR 0 alone carries three bytes.
    /// </summary>
    public const int MinimumSelectBytes = 3;

    /// <summary>PCRs 0–23, the PC Client platform's PCRs (TCG PC Client Platform TPM Profile §4.6).</summary>
    public const int PlatformPcrCount = 24;

    private PcrSelection(TpmAlgorithm hash, int[] indices)
    {
        Hash = hash;
        Indices = indices;
    }

    public TpmAlgorithm Hash { get; }

    /// <summary>The selected PCRs in ascending order, the order the TPM reads and hashes them.</summary>
    public IReadOnlyList<int> Indices { get; }

    public bool IsEmpty => Indices.Count == 0;

    public static PcrSelection Of(TpmAlgorithm hash, IEnumerable<int> indices)
    {
        var sorted = indices.Distinct().Order().ToArray();
        if (sorted.Length > 0 && (sorted[0] < 0 || sorted[^1] >= 8 * byte.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(indices), "a PCR index is 0 up to 8 × 255 − 1");
        return new PcrSelection(hash, sorted);
    }

    /// <summary>Every PC Client PCR, 0–23, of the bank <paramref name="hash"/>.</summary>
    public static PcrSelection All(TpmAlgorithm hash) => Of(hash, Enumerable.Range(0, PlatformPcrCount));

    public PcrSelection Without(IEnumerable<int> indices) => Of(Hash, Indices.Except(indices));

    public void WriteTo(TpmWriter writer)
    {
        var size = Math.Max(MinimumSelectBytes, IsEmpty ? 0 : Indices[^1] / 8 + 1);
        var bitmap = new byte[size];
        foreach (var index in Indices)
            bitmap[index / 8] |= (byte)(1 << (index % 8));
        writer.Algorithm(Hash).Byte((byte)size).Bytes(bitmap);
    }

    public static PcrSelection ReadFrom(TpmReader reader)
    {
        var hash = reader.ReadAlgorithm("TPMS_PCR_SELECTION.hash");
        var bitmap = reader.ReadBytes(reader.ReadByte("TPMS_PCR_SELECTION.sizeofSelect"), "TPMS_PCR_SELECTION.pcrSelect").Span;
        var indices = new List<int>();
        for (var index = 0; index < bitmap.Length * 8; index++)
            if ((bitmap[index / 8] & (1 << (index % 8))) != 0)
                indices.Add(index);
        return new PcrSelection(hash, [.. indices]);
    }

    /// <summary>Writes a TPML_PCR_SELECTION.</summary>
    public static void WriteList(TpmWriter writer, IReadOnlyList<PcrSelection> selections)
    {
        writer.UInt32((uint)selections.Count);
        foreach (var selection in selections)
            selection.WriteTo(writer);
    }

    /// <summary>Reads a TPML_PCR_SELECTION. HASH_COUNT bounds it on a TPM; 16 banks is more than any TPM has.</summary>
    public static IReadOnlyList<PcrSelection> ReadList(TpmReader reader)
    {
        var count = reader.ReadUInt32("TPML_PCR_SELECTION.count");
        if (count > 16)
            throw new TpmFormatException($"TPML_PCR_SELECTION.count {count}: more banks than any TPM has");
        var selections = new PcrSelection[count];
        for (var i = 0; i < selections.Length; i++)
            selections[i] = ReadFrom(reader);
        return selections;
    }

    public override string ToString() => $"{Hash}:{string.Join(',', Indices)}";
}
