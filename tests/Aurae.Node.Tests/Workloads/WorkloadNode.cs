using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Workloads;

/// <summary>The node the workload APIs (cells, executables, artifacts, observe) are tested on.</summary>
public sealed class WorkloadNode() : BootedNode(NodeName, ReaderName)
{
    public const string NodeName = "workload-node";
    public const string ReaderName = "viewer";
}
