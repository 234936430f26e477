using Aurae.Api.Node.V0;
using Aurae.Daemon.Firmware;
using Aurae.Daemon.Init;
using Aurae.Daemon.Modules;
using Aurae.Daemon.Tpm;
using Google.Protobuf;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>aurae.node.v0.NodeService: node facts and power, handed to the one shutdown coordinator.</summary>
/// <remarks>
/// Unbound devices are read from <paramref name="sysRoot"/> on each call: drivers may bind after boot.
/// <paramref name="privilegedCells"/> names the cells that share the node, so whoever reads the
/// node's facts sees what runs unconfined on it. Without <paramref name="attestation"/> (a host
/// that set none up) Attest answers that there is no TPM.
/// </remarks>
public sealed class NodeService(NodeInfoProvider nodeInfo, ShutdownCoordinator shutdown, PowerAction poweroffAction, string sysRoot,
    Func<IReadOnlyList<string>>? privilegedCells = null, NodeAttestation? attestation = null)
    : Aurae.Api.Node.V0.NodeService.NodeServiceBase
{
    public override async Task<InfoResponse> Info(InfoRequest request, ServerCallContext context)
    {
        var response = new InfoResponse { Node = await nodeInfo.ReadAsync(context.CancellationToken), DaemonMemory = DaemonMemoryReader.Read() };
        if (privilegedCells is not null)
            response.PrivilegedCells.AddRange(privilegedCells());
        foreach (var device in SysfsDevices.Scan(sysRoot).Where(d => !d.HasDriver))
            response.UnboundDevices.Add(new DeviceWithoutDriver { SysPath = device.SysPath, Modalias = device.Modalias });
        return response;
    }

    public override Task<PowerResponse> Reboot(RebootRequest request, ServerCallContext context) =>
        Power(PowerAction.Reboot, context);

    public override Task<PowerResponse> Poweroff(PoweroffRequest request, ServerCallContext context) =>
        Power(poweroffAction, context);

    /// <summary>A bad nonce is a FailureException (InvalidArgument at the edge); no TPM is an answer, not an error.</summary>
    public override async Task<AttestResponse> Attest(AttestRequest request, ServerCallContext context)
    {
        var node = attestation ?? new NodeAttestation(
            Task.FromResult(AttestationTpm.Missing("this daemon was started without attestation")), () => SecureBootVariable.Read());
        var result = await node.AttestAsync(request.Nonce.Memory, context.CancellationToken);
        var response = new AttestResponse
        {
            TpmPresent = result.TpmPresent,
            TpmProblem = result.TpmProblem,
            SecureBoot = result.SecureBoot.State switch
            {
                SecureBootState.Enabled => SecureBoot.Enabled,
                SecureBootState.Disabled => SecureBoot.Disabled,
                _ => SecureBoot.Unknown,
            },
            SecureBootDetail = result.SecureBoot.Detail,
            AttestationKeyPublic = ByteString.CopyFrom(result.AttestationKeyPublic),
        };
        if (result.Quote is { } quote)
        {
            response.QuoteAttest = ByteString.CopyFrom(quote.Attest);
            response.QuoteSignature = ByteString.CopyFrom(quote.Signature);
        }
        foreach (var pcr in result.Pcrs)
            response.Pcrs.Add(new Pcr { Bank = pcr.Bank.ToString().ToLowerInvariant(), Index = (uint)pcr.Index, Digest = ByteString.CopyFrom(pcr.Digest) });
        return response;
    }

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
