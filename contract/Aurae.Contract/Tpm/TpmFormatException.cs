namespace Aurae.Contract.Tpm;

/// <summary>Bytes that are not the TPM structure they were read as (truncated, an unexpected tag or algorithm).</summary>
public sealed class TpmFormatException(string message) : Exception(message);
