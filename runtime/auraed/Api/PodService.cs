using Aurae.Api.Cells.V0;
using Aurae.Api.Pods.V0;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>
/// aurae.pods.v0.PodService: Aurae's pod verbs over cells and containers. A pod is a cell with its
/// own network whose workloads are containers; each verb is the <see cref="CellService"/>
/// call it amounts to, so checks, statuses and isolation are the same as there.
/// </summary>
public sealed class PodService(CellService cells) : Aurae.Api.Pods.V0.PodService.PodServiceBase
{
    public override async Task<PodServiceAllocateResponse> Allocate(PodServiceAllocateRequest request, ServerCallContext context)
    {
        if (request.Pod is not { } pod)
            throw Invalid("pod: required");
        var cell = new Cell { Name = pod.Name, IsolateProcess = true, IsolateNetwork = true, Cpu = pod.Cpu, Memory = pod.Memory, Pids = pod.Pids };
        var allocated = await cells.Allocate(new CellServiceAllocateRequest { Cell = cell }, context);
        return new PodServiceAllocateResponse { PodName = allocated.CellName };
    }

    public override async Task<PodServiceStartResponse> Start(PodServiceStartRequest request, ServerCallContext context)
    {
        if (request.Container is not { } container)
            throw Invalid("container: required");
        if (container.Registry.Length > 0)
            throw Invalid($"container.registry: this node pulls from no registry; push the image (aurae image push) and name it in container.image");
        if (container.Image.Length == 0)
            throw Invalid("container.image: required (a pushed image's name)");
        var executable = new Executable
        {
            Name = container.Name,
            Image = container.Image,
            WorkingDirectory = container.WorkingDirectory,
        };
        executable.Argv.AddRange(container.Argv);
        executable.Entrypoint.AddRange(container.Entrypoint);
        executable.Environment.Add(container.Environment);
        executable.Ports.AddRange(container.Ports);
        if (container.HasUid)
            executable.Uid = container.Uid;
        if (container.HasGid)
            executable.Gid = container.Gid;
        var started = await cells.Start(new CellServiceStartRequest { CellName = request.Name, Executable = executable }, context);
        return new PodServiceStartResponse { Pid = started.Pid };
    }

    public override async Task<PodServiceStopResponse> Stop(PodServiceStopRequest request, ServerCallContext context)
    {
        var stop = new CellServiceStopRequest { CellName = request.PodName, ExecutableName = request.ContainerName };
        if (request.HasSignal)
            stop.Signal = request.Signal;
        if (request.HasGracePeriodMs)
            stop.GracePeriodMs = request.GracePeriodMs;
        var stopped = await cells.Stop(stop, context);
        return new PodServiceStopResponse { Status = stopped.Status };
    }

    public override async Task<PodServiceFreeResponse> Free(PodServiceFreeRequest request, ServerCallContext context)
    {
        await cells.Free(new CellServiceFreeRequest { CellName = request.PodName }, context);
        return new PodServiceFreeResponse();
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
