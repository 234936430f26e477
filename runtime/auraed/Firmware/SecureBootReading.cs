namespace Aurae.Daemon.Firmware;

/// <summary>The Secure Boot state and how it was found out (or why it is unknown), for a person reading the answer.</summary>
public sealed record SecureBootReading(SecureBootState State, string Detail);
