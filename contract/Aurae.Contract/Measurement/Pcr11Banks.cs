namespace Aurae.Contract.Measurement;

/// <summary>The predicted PCR 11 in each bank the firmware may have active, hex, lower case.</summary>
public sealed record Pcr11Banks(string Sha256, string Sha1);
