using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Aurae.Api.Cells.V0;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Node.V0;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit.Abstractions;

namespace Aurae.Node.Tests.Hostile;

/// <summary>
/// Ten thousand hostile requests, over real mutual TLS as the admin, to every unary and
/// server-streaming method of every aurae.* service: each must end with a status the daemon
/// sent, promptly, and the daemon must come out of it the same PID 1 of the same boot.
/// </summary>
public sealed partial class HostileApiTests(HostileNode node, ITestOutputHelper output) : IClassFixture<HostileNode>
{
    private const int Requests = 10_000;
    private const int InFlight = 12;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Fixed so a failure reproduces; AURAE_HOSTILE_SEED overrides it to explore.</summary>
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("AURAE_HOSTILE_SEED"), out var seed) ? seed : 60_006;

    [Fact]
    public void Every_aurae_service_method_is_found_in_the_descriptors()
    {
        var names = ApiMethods.All.Select(ApiMethods.Name).ToList();
        Assert.Contains("DiscoveryService/Discover", names);
        Assert.Contains("CellService/Allocate", names);
        Assert.Contains("ExecutableService/Output", names);
        Assert.Contains("ObserveService/GetKernelLogStream", names);
        Assert.Contains("ArtifactService/Push", names);
        Assert.Contains("ImageService/Import", names);
        Assert.Contains("PodService/Start", names);
        Assert.DoesNotContain("ArtifactService/Push", ApiMethods.SingleRequest.Select(ApiMethods.Name));
        Assert.Equal(8, ApiMethods.All.Select(m => m.Service.FullName).Distinct().Count());
    }

    [Fact]
    public void Power_methods_only_ever_get_bytes_no_parser_accepts()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 1000; i++)
        {
            var bytes = HostileRequests.InvalidTagBytes(random);
            Assert.Throws<Google.Protobuf.InvalidProtocolBufferException>(() => PoweroffRequest.Parser.ParseFrom(bytes));
            Assert.Throws<Google.Protobuf.InvalidProtocolBufferException>(() => RebootRequest.Parser.ParseFrom(bytes));
        }
    }

    [Fact]
    public async Task Ten_thousand_hostile_requests_each_end_with_a_status_and_the_node_survives()
    {
        var methods = ApiMethods.SingleRequest;
        var generator = new HostileRequests(Seed);
        output.WriteLine($"seed {Seed} (set AURAE_HOSTILE_SEED to change it); {Requests} requests over {methods.Count} methods, {InFlight} in flight");

        using var channel = node.OperatorChannel();
        var before = await DiscoverAsync(channel);
        var caller = new RawCaller(channel.CreateCallInvoker());
        var tally = new StatusTally();
        var failures = new ConcurrentQueue<string>();
        var slowest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, _) =>
        {
            var request = generator.Generate(i, methods[i % methods.Count]);
            var call = Stopwatch.StartNew();
            var outcome = await caller.CallAsync(request.Method, request.Body, CallTimeout);
            var took = call.Elapsed;
            lock (failures)
                slowest = took > slowest ? took : slowest;
            var name = ApiMethods.Name(request.Method);
            tally.Add(name, outcome);
            if (!EndedWithAServerStatus(outcome) &&
                !(outcome.Code == StatusCode.DeadlineExceeded && HostileRequests.AsksToFollow(request.Method, request.Body)))
                failures.Enqueue($"#{request.Index} {name} ({request.Kind}, {request.Body.Length} bytes): {outcome.Code} " +
                                 $"{(outcome.TransportFailure ? "transport" : "server")} '{Shorten(outcome.Detail)}' after {took.TotalSeconds:F1} s");
        });
        clock.Stop();

        output.WriteLine($"{tally.Total} calls in {clock.Elapsed.TotalSeconds:F1} s ({tally.Total / clock.Elapsed.TotalSeconds:F0}/s), slowest {slowest.TotalSeconds:F2} s");
        output.WriteLine(tally.Table());
        foreach (var failure in failures.Take(40))
            output.WriteLine(failure);

        Assert.Equal(Requests, tally.Total);
        Assert.All(methods, m => Assert.True(tally.CountFor(ApiMethods.Name(m)) >= Requests / methods.Count, ApiMethods.Name(m)));
        Assert.True(failures.IsEmpty, $"{failures.Count} calls did not end with a status from the daemon (seed {Seed}); first: {failures.FirstOrDefault()}");
        await AssertTheNodeSurvivedAsync(before);
    }

    /// <summary>
    /// The daemon answered: any status it sent, except a deadline (the call hung) or
    /// Unknown (an exception escaped a handler instead of a clear error).
    /// </summary>
    private static bool EndedWithAServerStatus(CallOutcome outcome) =>
        !outcome.TransportFailure && outcome.Code is not (StatusCode.DeadlineExceeded or StatusCode.Unknown or StatusCode.Cancelled);

    private async Task AssertTheNodeSurvivedAsync(DiscoverResponse before)
    {
        // A fresh connection: the old one surviving is not enough if new ones are refused.
        using var channel = node.OperatorChannel();
        var after = await DiscoverAsync(channel);
        Assert.True(after.Healthy);
        Assert.Equal(1, after.Node.DaemonPid);
        Assert.Equal(before.Node.Hostname, after.Node.Hostname);
        Assert.Equal(before.Node.KernelRelease, after.Node.KernelRelease);
        Assert.Equal(before.Node.KernelCmdline, after.Node.KernelCmdline);
        Assert.Equal(before.Node.LoadedModules, after.Node.LoadedModules);
        // Every address is still there; the kernel may add an IPv6 one from a router advertisement meanwhile (slirp's fec0::/64).
        Assert.All(before.Node.Addresses, address => Assert.Contains(address, after.Node.Addresses));
        // Same boot: uptime went on from where it was rather than starting again.
        Assert.True(after.Node.UptimeSeconds > before.Node.UptimeSeconds,
            $"uptime {before.Node.UptimeSeconds:F1} s before, {after.Node.UptimeSeconds:F1} s after: the node rebooted");

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow + CallTimeout);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        // A normal call that changes state still works: allocate a cell, see it listed, free it.
        var cells = new CellService.CellServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "after-the-storm" } }, deadline: DateTime.UtcNow + CallTimeout);
        var listed = await cells.ListAsync(new CellServiceListRequest(), deadline: DateTime.UtcNow + CallTimeout);
        Assert.Contains(listed.Cells, c => c.Cell.Name == "after-the-storm");
        await cells.FreeAsync(new CellServiceFreeRequest { CellName = "after-the-storm" }, deadline: DateTime.UtcNow + CallTimeout);

        var console = node.Machine.Console;
        Assert.False(node.Machine.HasExited, "QEMU exited");
        Assert.DoesNotContain("Kernel panic", console);
        Assert.DoesNotContain("Unhandled exception", console);
        // "panic=-1" is on the kernel command line the console echoes; any other panic is one.
        Assert.False(PanicWord().IsMatch(console), $"the console mentions a panic:\n{string.Join('\n', console.Split('\n').Where(l => PanicWord().IsMatch(l)))}");
    }

    private static async Task<DiscoverResponse> DiscoverAsync(Grpc.Net.Client.GrpcChannel channel) =>
        await new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow + CallTimeout);

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [GeneratedRegex(@"panic(?!=)", RegexOptions.IgnoreCase)]
    private static partial Regex PanicWord();
}
