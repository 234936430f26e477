using System.Text;
using Aurae.Api.Cells.V0;
using Aurae.Daemon.Executables;
using Aurae.Daemon.Init;

namespace Aurae.Daemon.Tests.Executables;

/// <summary>
/// One reaper for the whole test process: it reaps with waitpid(-1), so two instances would
/// steal each other's children. The executables test classes run one after another.
/// </summary>
internal static class SharedReaper
{
    public static readonly ChildReaper Instance = new();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExecutablesCollection
{
    public const string Name = "executables";
}

internal static class ExecutablesTestSupport
{
    public const string TestCell = "test-cell";

    public static ExecutableSupervisor NewSupervisor(int maxEnded = ExecutableSupervisor.DefaultMaxEnded) =>
        new(SharedReaper.Instance, maxEnded);

    public static Executable Shell(string name, string command) => new() { Name = name, Command = command };

    public static Executable Program(string name, params string[] argv)
    {
        var executable = new Executable { Name = name };
        executable.Argv.AddRange(argv);
        return executable;
    }

    /// <summary>Follows the output to the end: stdout, stderr, the final status and the total dropped bytes.</summary>
    public static async Task<Collected> CollectAsync(ExecutableSupervisor supervisor, string name, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        ulong dropped = 0;
        ExecutableStatus? final = null;
        await foreach (var chunk in supervisor.ReadOutputAsync(TestCell, name, follow: true, cancel.Token))
        {
            dropped += chunk.DroppedBefore;
            if (chunk.FinalStatus is not null)
                final = chunk.FinalStatus;
            else if (chunk.Channel == global::Aurae.Api.Executables.V0.OutputChunk.Types.Channel.Stdout)
                chunk.Data.WriteTo(stdout);
            else
                chunk.Data.WriteTo(stderr);
        }
        Assert.NotNull(final);
        return new Collected(Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()), final, dropped);
    }

    public sealed record Collected(string Stdout, string Stderr, ExecutableStatus Final, ulong DroppedBytes);
}
