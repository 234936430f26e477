using System.Diagnostics;
using System.Globalization;
using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Images.V0;
using Aurae.Client;
using Grpc.Core;
using Grpc.Net.Client;

namespace Aurae.Bench.Node;

/// <summary>
/// A container of an image already on the node, started and its exit code read back through the
/// client library over ONE channel: the archive (--image-archive, an oci-archive whose config runs
/// `true`) is pushed and imported first, untimed, as `aurae image push` does; then each start is
/// Start + Output(follow) to the final status, with the image's own Entrypoint and Cmd (no
/// overrides), in an isolated cell. One at a time, each timed; then --parallel-total of them with
/// --parallel in flight, for starts per second (--parallel-total 0 leaves that out).
/// </summary>
public static class ContainerStartBench
{
    // The first start in a cell copies the image's layers into the cell's ids (once per cell and
    // layer): that is the cell's set-up, not a start, so it is reported apart and not timed with
    // the rest. The two after it warm the channel, the TLS session and the JIT on both ends.
    private const int WarmUps = 3;

    public static async Task<IReadOnlyList<(string, string)>> RunAsync(BenchArguments arguments)
    {
        var archive = arguments.Required("image-archive");
        if (!File.Exists(archive))
            throw new ArgumentException($"--image-archive '{archive}' not found");
        var sequential = arguments.Integer("sequential", 20);
        var parallel = arguments.Integer("parallel", 16);
        var parallelTotal = arguments.Count("parallel-total", 160);
        using var channel = arguments.Node().OpenChannel();
        var name = $"bench-container-{Environment.ProcessId}";

        var import = Stopwatch.StartNew();
        await ImportAsync(channel, archive, name);
        var importNs = Nanoseconds(import.Elapsed);

        var cells = new CellService.CellServiceClient(channel);
        await cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = name } }, deadline: WorkloadRun.Deadline());
        var runs = 0;
        async Task StartTrueAsync()
        {
            // The image's config says /bin/busybox true; a fresh name per start (an ended
            // executable keeps its name while the node still lists it).
            var executable = new Executable { Name = $"c-{Interlocked.Increment(ref runs)}", Image = name };
            var (_, status) = await WorkloadRun.RunAsync(channel, name, executable);
            if (status.ExitCode != 0 || status.Signal != 0)
                throw new InvalidOperationException($"the container ended with exit code {status.ExitCode}, signal {status.Signal}");
        }

        try
        {
            var first = Stopwatch.StartNew();
            await StartTrueAsync();
            var firstNs = Nanoseconds(first.Elapsed);
            for (var i = 1; i < WarmUps; i++)
                await StartTrueAsync();

            var calls = new List<long>();
            for (var i = 0; i < sequential; i++)
            {
                var clock = Stopwatch.StartNew();
                await StartTrueAsync();
                calls.Add(Nanoseconds(clock.Elapsed));
            }

            var figures = new List<(string, string)>
            {
                ("import_ns", importNs.ToString(CultureInfo.InvariantCulture)),
                ("first_start_ns", firstNs.ToString(CultureInfo.InvariantCulture)),
                ("call_ns", string.Join(' ', calls)),
            };
            if (parallelTotal > 0)
            {
                var total = Stopwatch.StartNew();
                await Parallel.ForEachAsync(Enumerable.Range(0, parallelTotal), new ParallelOptions { MaxDegreeOfParallelism = parallel },
                    async (_, _) => await StartTrueAsync());
                figures.Add(("parallel_ns", Nanoseconds(total.Elapsed).ToString(CultureInfo.InvariantCulture)));
                figures.Add(("parallel_count", parallelTotal.ToString(CultureInfo.InvariantCulture)));
            }
            return figures;
        }
        finally
        {
            await cells.FreeAsync(new CellServiceFreeRequest { CellName = name }, deadline: WorkloadRun.Deadline());
            await RemoveAsync(channel, name);
        }
    }

    /// <summary>As `aurae image push` does: the archive travels as an artifact, is imported, and the artifact goes.</summary>
    private static async Task ImportAsync(GrpcChannel channel, string archive, string name)
    {
        var artifacts = new ArtifactService.ArtifactServiceClient(channel);
        var artifact = $"{name}.tar";
        await ArtifactUploader.PushAsync(artifacts, archive, artifact, executable: false);
        try
        {
            var image = await new ImageService.ImageServiceClient(channel)
                .ImportAsync(new ImportRequest { Artifact = artifact, Name = name }, deadline: WorkloadRun.Deadline());
            Console.Error.WriteLine($"imported {image.Name}: {image.Format}, {image.Layers.Count} layers, {image.Size} bytes, " +
                                    $"entrypoint [{string.Join(", ", image.Config.Entrypoint)}], cmd [{string.Join(", ", image.Config.Cmd)}]");
        }
        finally
        {
            await artifacts.DeleteAsync(new DeleteRequest { Name = artifact }, deadline: WorkloadRun.Deadline());
        }
    }

    // Tidiness for a node that outlives the benchmark. A container's root is released just after
    // its final status is sent, so the last ones may still pin the image for a moment.
    private static async Task RemoveAsync(GrpcChannel channel, string name)
    {
        var images = new ImageService.ImageServiceClient(channel);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await images.RemoveAsync(new RemoveRequest { Name = name }, deadline: WorkloadRun.Deadline());
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static long Nanoseconds(TimeSpan span) => (long)(span.TotalMilliseconds * 1e6);
}
