namespace Aurae.Daemon.Modules;

/// <summary>A device directory under /sys/devices that has a modalias, and whether a driver is bound to it.</summary>
public sealed record SysfsDevice(string SysPath, string Modalias, bool HasDriver);
