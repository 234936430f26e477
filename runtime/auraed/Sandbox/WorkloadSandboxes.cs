using Aurae.Api.Cells.V0;
using Aurae.Daemon.Artifacts;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Executables;
using Grpc.Core;

namespace Aurae.Daemon.Sandbox;

/// <summary>
/// Makes the <see cref="WorkloadSandbox"/> for a workload of a cell: the cell's ids and network
/// choice, the artifacts the executable names, the OCI default capabilities and Docker's default
/// seccomp profile. A privileged cell's workloads get none (null).
/// </summary>
public sealed class WorkloadSandboxes(string rootMountpoint, ArtifactStore artifacts)
{
    public async Task<WorkloadSandbox?> ForAsync(CellIsolation isolation, Executable executable, CancellationToken ct)
    {
        switch (isolation)
        {
            case CellIsolation.Privileged:
                if (executable.Artifacts.Count > 0)
                    throw new RpcException(new Status(StatusCode.InvalidArgument,
                        "executable.artifacts: a privileged cell's workloads run in the node's own root; run them by their path in the store"));
                return null;
            case CellIsolation.Isolated isolated:
                var bindings = await ArtifactBindings.ResolveAsync(executable, artifacts, ct);
                return new WorkloadSandbox(isolated.Ids, isolated.OwnNetwork, rootMountpoint, executable.Name,
                    bindings, CapabilitySet.OciDefault, SeccompFilter.Default.Bytes);
            default:
                throw new ArgumentOutOfRangeException(nameof(isolation), isolation, "unknown isolation");
        }
    }
}
