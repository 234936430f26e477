using Aurae.Api.Cells.V0;
using Aurae.Daemon.Logging;
using Grpc.Core;

namespace Aurae.Daemon.Cells;

/// <summary>
/// aurae.cells.v0.CellService: Allocate, Free and List over the <see cref="CellRegistry"/>.
/// Start and Stop belong to the executables side and are not overridden here. Whatever goes
/// wrong leaves as an RpcException: an unexpected exception becomes Internal and is logged.
/// </summary>
public sealed class CellService(CellRegistry registry) : Aurae.Api.Cells.V0.CellService.CellServiceBase
{
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
            await registry.FreeAsync(CellName.Parse(request.CellName, "cell_name"));
            return new CellServiceFreeResponse();
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
        catch (RpcException)
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
