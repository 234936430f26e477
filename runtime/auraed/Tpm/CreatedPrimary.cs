namespace Aurae.Daemon.Tpm;

/// <summary>What TPM2_CreatePrimary returned that the daemon keeps: the transient handle and the key's TPMT_PUBLIC as marshalled.</summary>
public sealed record CreatedPrimary(uint Handle, byte[] Public);
