namespace Aurae.Daemon.Modules;

/// <summary>What one coldplug run found and did.</summary>
public sealed record ColdplugSummary(int Devices, int ModulesLoaded, IReadOnlyList<SysfsDevice> Unbound, int Passes);
