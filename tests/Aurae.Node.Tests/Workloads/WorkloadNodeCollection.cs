namespace Aurae.Node.Tests.Workloads;

/// <summary>Every workload test class shares one booted node (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class WorkloadNodeCollection : ICollectionFixture<WorkloadNode>
{
    public const string Name = "workload node";
}
