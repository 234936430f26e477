namespace Aurae.Contract.Measurement;

/// <summary>One section the stub measures: its table name, the bytes measured, and their SHA-256 (hex, lower case).</summary>
/// <param name="Size">The section's VirtualSize: the bytes measured, zero fill past the raw data included.</param>
public sealed record MeasuredSection(string Name, long Size, string Sha256);
