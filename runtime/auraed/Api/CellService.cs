using Aurae.Api.Cells.V0;
using Aurae.Daemon.Cells;
using Aurae.Daemon.Executables;
using Aurae.Daemon.Logging;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>
/// aurae.cells.v0.CellService: Allocate, Free and List over the <see cref="CellRegistry"/>;
/// Start and Stop hand the executable to the <see cref="ExecutableSupervisor"/>, born in the
/// cell's cgroup, and started again by it under the executable's restart policy. A domain failure leaves as it is (the API call interceptor gives it its
/// status); anything unexpected becomes Internal and is logged.
/// </summary>
public sealed class CellService(CellRegistry registry, ExecutableSupervisor executables, Sandbox.WorkloadSandboxes sandboxes)
    : Aurae.Api.Cells.V0.CellService.CellServiceBase
{
    private static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(10);

    // Unmounting and deleting a container's writable layer takes milliseconds; a stuck one must not hold Free.
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(30);

    public override Task<CellServiceAllocateResponse> Allocate(CellServiceAllocateRequest request, ServerCallContext context) =>
        Guarded("Allocate", async () =>
        {
            if (request.Cell is null)
                throw new RpcException(new Status(StatusCode.InvalidArgument, "cell: required"));
            var name = await registry.AllocateAsync(request.Cell, context?.CancellationToken ?? CancellationToken.None);
            return new CellServiceAllocateResponse { CellName = name.Value, CgroupV2 = true };
        });

    public override Task<CellServiceFreeResponse> Free(CellServiceFreeRequest request, ServerCallContext context) =>
        Guarded("Free", async () =>
        {
            var name = CellName.Parse(request.CellName, "cell_name");
            await registry.FreeAsync(name);
            // Free answers once the cell's workloads have let go of their ports and images too.
            await executables.CellReleasedAsync(name.Value, ReleaseWait);
            return new CellServiceFreeResponse();
        });

    public override Task<CellServiceStartResponse> Start(CellServiceStartRequest request, ServerCallContext context) =>
        Guarded("Start", async () =>
        {
            if (request.Executable is null)
                throw new RpcException(new Status(StatusCode.InvalidArgument, "executable: required"));
            var cell = CellName.Parse(request.HasCellName ? request.CellName : null, "cell_name");
            var spec = request.Executable;
            // Every run, the first and each restart, is placed and prepared afresh: a restarted
            // container gets a new writable layer, and a freed cell refuses the restart.
            async Task<WorkloadLaunch> PrepareAsync(CancellationToken ct)
            {
                var (cgroup, isolation) = registry.PlaceForProcesses(cell);
                var prepared = await sandboxes.PrepareAsync(isolation, spec, ct);
                return new WorkloadLaunch(cgroup, prepared.Executable, prepared.Sandbox, prepared.Resources, prepared.ImageDigest);
            }
            var status = await executables.StartAsync(cell.Value, spec, PrepareAsync, context.CancellationToken);
            return new CellServiceStartResponse { Pid = status.Pid };
        });

    public override Task<CellServiceStopResponse> Stop(CellServiceStopRequest request, ServerCallContext context) =>
        Guarded("Stop", async () =>
        {
            var cell = CellName.Parse(request.HasCellName ? request.CellName : null, "cell_name");
            var grace = request.HasGracePeriodMs ? TimeSpan.FromMilliseconds(request.GracePeriodMs) : DefaultStopGrace;
            var signal = request.HasSignal ? request.Signal : ExecutableSupervisor.SIGTERM;
            if (signal is < 1 or > 64)
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"signal: {signal} is not a signal number (1-64)"));
            var status = await executables.StopAsync(cell.Value, request.ExecutableName, signal, grace, context.CancellationToken);
            return new CellServiceStopResponse { Status = status };
        });

    public override Task<CellServiceListResponse> List(CellServiceListRequest request, ServerCallContext context) =>
        Guarded("List", () =>
        {
            var response = new CellServiceListResponse();
            response.Cells.AddRange(registry.List());
            return Task.FromResult(response);
        });

    private static async Task<T> Guarded<T>(string method, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        // Domain failures pass as they are: the interceptor maps them (FailureStatus, the one list
        // of them), so a new kind of domain failure cannot be logged here as unexpected.
        catch (Exception e) when (e is RpcException || FailureStatus.IsDomainFailure(e))
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, $"{method}: cancelled by the client"));
        }
        catch (Exception e)
        {
            ConsoleLog.Error("cells", $"{method} failed unexpectedly: {e}");
            throw new RpcException(new Status(StatusCode.Internal, $"{method}: {e.Message}"));
        }
    }
}
