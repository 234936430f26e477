namespace Aurae.Daemon.Sandbox;

/// <summary>
/// Everything that makes one workload a tenant rather than part of the node (Native/sandbox.c
/// applies it): its cell's ids, its own namespaces (network too when <see cref="OwnNetwork"/>),
/// a root built on <see cref="RootMountpoint"/> in its own mount namespace with
/// <see cref="Bindings"/> in it, <see cref="Capabilities"/> as its bounding set, no_new_privs and
/// <see cref="SeccompProgram"/> (struct sock_filter[]) installed last. <see cref="RootSource"/>:
/// a container's mounted image, bound as its root; null for a fresh tmpfs.
/// </summary>
public sealed record WorkloadSandbox(
    IdRange Ids, bool OwnNetwork, string RootMountpoint, string Hostname,
    IReadOnlyList<FileBinding> Bindings, CapabilitySet Capabilities, ReadOnlyMemory<byte> SeccompProgram,
    string? RootSource = null)
{
    /// <summary>The cell's uids and gids are 0-65535: a workload may ask for any of them.</summary>
    public static bool IsCellId(uint id) => id < IdRange.Size;
}
