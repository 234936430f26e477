using System.CommandLine;
using System.Globalization;
using System.Text;
using Aurae.Api.Node.V0;
using Grpc.Net.Client;

namespace Aurae.Cli.Commands;

/// <summary>`aurae node info|reboot|poweroff|attest`: NodeService.</summary>
internal static class NodeCommands
{
    public static Command Create(CommandEnvironment environment)
    {
        var node = new Command("node", "The node itself: what it is, and its power.");

        var info = new Command("info", "Hostname, kernel, uptime, addresses, loaded modules and devices without a driver.");
        var wait = new Option<int?>("--wait")
        {
            Description = "Retry a node that cannot be reached yet (refused, reset, no answer), a second apart, for up to SECONDS: the first call after power-on.",
            HelpName = "SECONDS",
        };
        wait.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
                result.AddError("--wait: SECONDS must be at least 1.");
        });
        info.Options.Add(wait);
        info.SetAction((parse, cancellation) =>
        {
            var session = environment.OpenSession(parse);
            async Task<InfoResponse> Info(GrpcChannel channel, CancellationToken token) =>
                await new NodeService.NodeServiceClient(channel).InfoAsync(new InfoRequest(), cancellationToken: token);
            return parse.GetValue(wait) is not { } seconds
                ? NodeFanOut.UnaryAsync(session, Info, RenderInfo, cancellation)
                : NodeFanOut.UnaryAsync(session, (target, _, token) =>
                    UntilReachable.CallAsync(target.Name, TimeSpan.FromSeconds(seconds), () => session.OpenChannel(target), Info, token),
                    RenderInfo, cancellation);
        });
        node.Subcommands.Add(info);

        var reboot = new Command("reboot", "Stop every process, sync and restart the machine.");
        reboot.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new NodeService.NodeServiceClient(channel).RebootAsync(new RebootRequest(), cancellationToken: token),
            response => RenderPower(response, "rebooting"), cancellation));
        node.Subcommands.Add(reboot);

        var poweroff = new Command("poweroff", "Stop every process, sync and power the machine off.");
        poweroff.SetAction((parse, cancellation) => NodeFanOut.UnaryAsync(environment.OpenSession(parse),
            async (channel, token) => await new NodeService.NodeServiceClient(channel).PoweroffAsync(new PoweroffRequest(), cancellationToken: token),
            response => RenderPower(response, "powering off"), cancellation));
        node.Subcommands.Add(poweroff);
        node.Subcommands.Add(Attestation.AttestCommand.Create(environment));
        return node;
    }

    public static string RenderInfo(InfoResponse response)
    {
        var node = response.Node ?? new Aurae.Api.Discovery.V0.NodeInfo();
        var text = new StringBuilder();
        text.AppendLine($"hostname:   {node.Hostname}");
        text.AppendLine($"kernel:     {node.KernelRelease}");
        text.AppendLine($"uptime:     {FormatUptime(node.UptimeSeconds)}");
        text.AppendLine($"daemon pid: {node.DaemonPid}{(node.DaemonPid == 1 ? " (init)" : "")}");
        if (response.DaemonMemory is { } memory)
            text.AppendLine($"daemon rss: {MiB(memory.RssBytes)} MiB (peak {MiB(memory.PeakRssBytes)} MiB)");
        foreach (var address in node.Addresses)
            text.AppendLine($"address:    {address.Cidr} ({address.Interface})");
        text.AppendLine($"cmdline:    {node.KernelCmdline.Trim()}");
        text.AppendLine($"modules:    {(node.LoadedModules.Count == 0 ? "none" : string.Join(' ', node.LoadedModules))}");
        text.AppendLine($"privileged: {(response.PrivilegedCells.Count == 0 ? "no cells" : string.Join(' ', response.PrivilegedCells))}");
        if (response.UnboundDevices.Count == 0)
            text.AppendLine("unbound:    none");
        foreach (var device in response.UnboundDevices)
            text.AppendLine($"unbound:    {device.SysPath} ({device.Modalias})");
        return text.ToString();
    }

    private static string MiB(ulong bytes) => (bytes / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    private static string RenderPower(PowerResponse response, string action) =>
        response.Accepted ? action : "already shutting down (an earlier request is being carried out)";

    private static string FormatUptime(double seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span:hh\\:mm\\:ss}")
            : span.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }
}
