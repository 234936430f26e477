using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Aurae.Composer.Outputs;

namespace Aurae.Composer.Build;

/// <summary>
/// Writes outputs concurrently on all cores, started in <see cref="INodeOutput.StartOrder"/> (then
/// node.yaml) order; the first failure in start order is rethrown as itself, so its message stays
/// the build's error.
/// </summary>
internal static class OutputScheduler
{
    public static void Run(IEnumerable<INodeOutput> outputs, Action<INodeOutput> write)
    {
        INodeOutput[] ordered = [.. outputs.OrderBy(output => output.StartOrder)];
        var failures = new Exception?[ordered.Length];
        // Handed out in list order, one at a time: the order above is the start order.
        var indices = Partitioner.Create(Enumerable.Range(0, ordered.Length), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(indices, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                write(ordered[i]);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        if (failures.FirstOrDefault(e => e is not null) is { } failure)
            ExceptionDispatchInfo.Throw(failure);
    }
}
