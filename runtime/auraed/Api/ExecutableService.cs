using Aurae.Api.Cells.V0;
using Aurae.Api.Executables.V0;
using Aurae.Daemon.Executables;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>
/// aurae.executables.v0.ExecutableService: status, listing and output of the executables that
/// CellService.Start started, their specs' environment values shown to admins alone
/// (<see cref="SpecRedaction"/>). Starting and stopping stay on CellService, as in Aurae.
/// </summary>
public sealed class ExecutableService(ExecutableSupervisor supervisor)
    : Aurae.Api.Executables.V0.ExecutableService.ExecutableServiceBase
{
    public override Task<ExecutableStatus> Status(StatusRequest request, ServerCallContext context) =>
        Task.FromResult(SpecRedaction.ForCaller(supervisor.Status(request.CellName, request.ExecutableName), context));

    public override Task<ListResponse> List(ListRequest request, ServerCallContext context) =>
        Task.FromResult(new ListResponse { Executables = { supervisor.List(request.CellName).Select(status => SpecRedaction.ForCaller(status, context)) } });

    public override Task<RemoveResponse> Remove(RemoveRequest request, ServerCallContext context) =>
        Task.FromResult(new RemoveResponse { Status = supervisor.Remove(request.CellName, request.ExecutableName) });

    public override async Task Output(OutputRequest request, IServerStreamWriter<OutputChunk> responseStream, ServerCallContext context)
    {
        var chunks = supervisor.ReadOutputAsync(request.CellName, request.ExecutableName, request.Follow, context.CancellationToken);
        await foreach (var chunk in chunks)
        {
            if (chunk.FinalStatus is { } final)
                chunk.FinalStatus = SpecRedaction.ForCaller(final, context);
            await responseStream.WriteAsync(chunk, context.CancellationToken);
        }
    }
}
