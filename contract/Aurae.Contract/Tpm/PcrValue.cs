namespace Aurae.Contract.Tpm;

/// <summary>One PCR as a node reports it: its bank, its index, and its value (a digest of the bank's size).</summary>
public sealed record PcrValue(TpmAlgorithm Bank, int Index, byte[] Digest)
{
    public override string ToString() => $"{Bank}:{Index}={Convert.ToHexStringLower(Digest)}";
}
