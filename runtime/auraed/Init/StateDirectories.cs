namespace Aurae.Daemon.Init;

/// <summary>
/// Where the daemon keeps what the API brings (artifacts, images, containers' roots, workloads'
/// roots): the node's tmpfs under /run/aurae as init; a private directory per process otherwise,
/// so a daemon run for development or tests never touches the machine's.
/// </summary>
internal sealed class StateDirectories(bool isInit)
{
    private static string Private(string name) => Path.Combine(Path.GetTempPath(), $"auraed-{Environment.ProcessId}", name);

    /// <summary>The artifact store's root, or null for its default on the node's tmpfs.</summary>
    public string? Artifacts => isInit ? null : Private("artifacts");

    public string Images => isInit ? "/run/aurae/images" : Private("images");

    /// <summary>Containers' roots: beside the images.</summary>
    public string Containers => isInit ? "/run/aurae/containers" : Private("containers");

    /// <summary>Where isolated workloads build their roots (see <see cref="Sandbox.WorkloadRootMountpoint"/>).</summary>
    public string WorkloadRoots => isInit ? Sandbox.WorkloadRootMountpoint.NodePath : Private("root");
}
