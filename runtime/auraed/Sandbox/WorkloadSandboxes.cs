using Aurae.Api.Cells.V0;
using Aurae.Daemon.Artifacts;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Containers;
using Aurae.Daemon.Executables;
using Aurae.Daemon.Oci;
using Grpc.Core;

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
    /// sandbox (null: privileged), and what to dispose when it ends or fails to start (a container's root).
    /// </summary>
    public sealed record Prepared(Executable Executable, WorkloadSandbox? Sandbox, IAsyncDisposable? Resources);

    public async Task<WorkloadSandbox?> ForAsync(CellIsolation isolation, Executable executable, CancellationToken ct) =>
        (await PrepareAsync(isolation, executable, ct)).Sandbox;

    public async Task<Prepared> PrepareAsync(CellIsolation isolation, Executable executable, CancellationToken ct)
    {
        switch (isolation)
        {
            case CellIsolation.Privileged:
                if (executable.Artifacts.Count > 0)
                    throw Invalid("executable.artifacts: a privileged cell's workloads run in the node's own root; run them by their path in the store");
                if (executable.Image.Length > 0)
                    throw Invalid("executable.image: containers run isolated; allocate a cell that is not privileged");
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
            throw new RpcException(new Status(StatusCode.Unimplemented, "executable.image: this daemon runs no containers"));
        ContainerRoot root;
        try
        {
            root = await containers.CreateAsync(executable.Image, isolated.Ids, ct);
        }
        catch (ImageException e)
        {
            throw ToRpc(e, "executable.image: ");
        }
        try
        {
            var resolved = ContainerLaunch.Resolve(executable, root.Image.Config, root.Path);
            var bindings = await ArtifactBindings.ResolveAsync(resolved, artifacts, ct);
            ContainerRootCheck.RequireInside(root.Path, executable.Image, resolved.WorkingDirectory, bindings.Select(b => b.Target));
            // Containers get their own network: a service is reached through published ports.
            return new Prepared(resolved, Sandbox(isolated.Ids, ownNetwork: true, executable.Name, bindings, root.Path), root);
        }
        catch (ImageException e)
        {
            await root.DisposeAsync();
            throw ToRpc(e, "");
        }
        catch
        {
            await root.DisposeAsync();
            throw;
        }
    }

    // The containers' domain says what went wrong; the status is chosen here, at the API's edge.
    private static RpcException ToRpc(ImageException e, string prefix) => new(new Status(e.Failure switch
    {
        ImageFailure.NotFound => StatusCode.NotFound,
        ImageFailure.ResourceExhausted => StatusCode.ResourceExhausted,
        ImageFailure.InUse => StatusCode.FailedPrecondition,
        _ => StatusCode.InvalidArgument,
    }, prefix + e.Message));

    private WorkloadSandbox Sandbox(IdRange ids, bool ownNetwork, string hostname, IReadOnlyList<FileBinding> bindings, string? rootSource) =>
        new(ids, ownNetwork, rootMountpoint, hostname, bindings, CapabilitySet.OciDefault, SeccompFilter.Default.Bytes, rootSource);

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
