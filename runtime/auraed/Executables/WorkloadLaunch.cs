using Aurae.Api.Cells.V0;
using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Executables;

/// <summary>
/// What one run of a workload starts from: the cgroup it is born in (null: the daemon's), the
/// executable as prepared (a container's with its image's config applied), its sandbox (null:
/// privileged), what to dispose when it ends (a container's root), and the config digest of the
/// image that root came from ("" for no container).
/// </summary>
public sealed record WorkloadLaunch(string? CgroupDirectory, Executable Executable, WorkloadSandbox? Sandbox,
    IAsyncDisposable? Resources, string ImageDigest);
