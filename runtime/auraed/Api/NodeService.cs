using Aurae.Api.Node.V0;
using Aurae.Daemon.Init;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>aurae.node.v0.NodeService: node facts and power, handed to the one shutdown coordinator.</summary>
public sealed class NodeService(NodeInfoProvider nodeInfo, ShutdownCoordinator shutdown, PowerAction poweroffAction)
    : Aurae.Api.Node.V0.NodeService.NodeServiceBase
{
    public override Task<InfoResponse> Info(InfoRequest request, ServerCallContext context) =>
        Task.FromResult(new InfoResponse { Node = nodeInfo.Read() });

    public override Task<PowerResponse> Reboot(RebootRequest request, ServerCallContext context) =>
        Power(PowerAction.Reboot, context);

    public override Task<PowerResponse> Poweroff(PoweroffRequest request, ServerCallContext context) =>
        Power(poweroffAction, context);

    /// <summary>Accepts now, acts after the reply: the API's graceful stop lets this response go out first.</summary>
    private Task<PowerResponse> Power(PowerAction action, ServerCallContext context)
    {
        // Not init: there is no machine to restart or power off, only the process to end.
        if (poweroffAction == PowerAction.Exit)
            action = PowerAction.Exit;
        var caller = context.GetHttpContext().Connection.ClientCertificate?.Subject ?? "unknown client";
        return Task.FromResult(new PowerResponse { Accepted = shutdown.Request(action, $"API request from {caller}") });
    }
}
