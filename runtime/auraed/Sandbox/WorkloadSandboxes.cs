using Aurae.Api.Cells.V0;
using Aurae.Daemon.Artifacts;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Containers;
using Aurae.Daemon.Executables;
using Aurae.Daemon.Failures;
using Aurae.Contract.Oci;

namespace Aurae.Daemon.Sandbox;

/// <summary>
/// Makes the <see cref="WorkloadSandbox"/> for a workload of a cell: the cell's ids and network
/// choice, the artifacts the executable names, the OCI default capabilities and Docker's default
/// seccomp profile; for a container, its image's root (and its own network). A privileged cell's
/// workloads get none.
/// </summary>
public sealed class WorkloadSandboxes(string rootMountpoint, ArtifactStore artifacts, ContainerRoots? containers = null)
{
    /// <summary>
    /// What to start: the executable (for a container, with its image's config applied), its
    /// sandbox (null: privileged), what to dispose when it ends or fails to start (a container's root),
    /// and the config digest of a container's image ("" otherwise).
    /// </summary>
    public sealed record Prepared(Executable Executable, WorkloadSandbox? Sandbox, IAsyncDisposable? Resources, string ImageDigest = "");

    public async Task<WorkloadSandbox?> ForAsync(CellIsolation isolation, Executable executable, CancellationToken ct) =>
        (await PrepareAsync(isolation, executable, ct)).Sandbox;

    public async Task<Prepared> PrepareAsync(CellIsolation isolation, Executable executable, CancellationToken ct)
    {
        switch (isolation)
        {
            case CellIsolation.Privileged:
                if (executable.Artifacts.Count > 0)
                    throw FailureException.Invalid("executable.artifacts: a privileged cell's workloads run in the node's own root; run them by their path in the store");
                if (executable.Image.Length > 0)
                    throw FailureException.Invalid("executable.image: containers run isolated; allocate a cell that is not privileged");
                return new Prepared(executable, null, null);
            case CellIsolation.Isolated isolated when executable.Image.Length == 0:
                var bindings = await ArtifactBindings.ResolveAsync(executable, artifacts, ct);
                return new Prepared(executable, Sandbox(isolated.Ids, isolated.OwnNetwork, executable.Name, bindings, null), null);
            case CellIsolation.Isolated isolated:
                return await ContainerAsync(isolated, executable, ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(isolation), isolation, "unknown isolation");
        }
    }

    private async Task<Prepared> ContainerAsync(CellIsolation.Isolated isolated, Executable executable, CancellationToken ct)
    {
        if (containers is null)
            throw new FailureException(FailureKind.NotSupported, "executable.image: this daemon runs no containers");
        ContainerRoot root;
        try
        {
            root = await containers.CreateAsync(executable.Image, isolated.Ids, ct);
        }
        catch (ImageException e)
        {
            // The refusal is about executable.image: say so. Its kind, and so its status, stays.
            throw new ImageException(e.Failure, "executable.image: " + e.Message);
        }
        try
        {
            var resolved = ContainerLaunch.Resolve(executable, root.Image.Config, root.Path);
            var bindings = await ArtifactBindings.ResolveAsync(resolved, artifacts, ct);
            ContainerRootCheck.RequireInside(root.Path, executable.Image, resolved.WorkingDirectory, bindings.Select(b => b.Target));
            // Containers get their own network: a service is reached through published ports.
            return new Prepared(resolved, Sandbox(isolated.Ids, ownNetwork: true, executable.Name, bindings, root.Path), root, root.Image.ConfigDigest);
        }
        catch
        {
            await root.DisposeAsync();
            throw;
        }
    }

    private WorkloadSandbox Sandbox(IdRange ids, bool ownNetwork, string hostname, IReadOnlyList<FileBinding> bindings, string? rootSource) =>
        new(ids, ownNetwork, rootMountpoint, hostname, bindings, CapabilitySet.OciDefault, SeccompFilter.Default.Bytes, rootSource);
}
