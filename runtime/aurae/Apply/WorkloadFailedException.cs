namespace Aurae.Cli.Apply;

/// <summary>A workload apply started failed within the settle time (<see cref="SettleWatch"/>).</summary>
internal sealed class WorkloadFailedException(WorkloadChange change, string why) : Exception($"{change}: {why}")
{
    public WorkloadChange Change { get; } = change;
}
