namespace Aurae.Daemon.Sandbox;

/// <summary>A node file bound read-only into a workload's root at <see cref="Target"/> (absolute, inside the root).</summary>
public sealed record FileBinding(string Source, string Target);
