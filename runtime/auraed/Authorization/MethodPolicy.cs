namespace Aurae.Daemon.Authorization;

/// <summary>
/// Which role may call which method, by full gRPC method name ("package.Service/Method").
/// A reader may call only the methods listed here, all of which read state; every other
/// method — including ones added later and names no service has — needs admin, so a new
/// method is admin-only until someone decides it is a read.
/// </summary>
public static class MethodPolicy
{
    /// <summary>Every method of these services is a read (log streams and statistics).</summary>
    private static readonly string[] ReaderServices =
    [
        "aurae.observe.v0.ObserveService",
    ];

    public static IReadOnlySet<string> ReaderMethods { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "aurae.discovery.v0.DiscoveryService/Discover",
        "aurae.node.v0.NodeService/Info",
        // Reads the TPM's PCRs and signs them over the caller's nonce: changes nothing on the node.
        "aurae.node.v0.NodeService/Attest",
        "grpc.health.v1.Health/Check",
        "grpc.health.v1.Health/Watch",
        "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        "aurae.cells.v0.CellService/List",
        "aurae.executables.v0.ExecutableService/Status",
        "aurae.executables.v0.ExecutableService/List",
        "aurae.executables.v0.ExecutableService/Output",
        "aurae.artifacts.v0.ArtifactService/List",
        "aurae.images.v0.ImageService/List",
    };

    public static bool Allows(Role role, string method) => role switch
    {
        Role.Admin => true,
        Role.Reader => IsRead(Normalize(method)),
        _ => false,
    };

    /// <summary>
    /// ServerCallContext.Method is the HTTP/2 path, "/package.Service/Method"; the policy and
    /// messages use the name without the leading slash.
    /// </summary>
    public static string Normalize(string method) =>
        method.StartsWith('/') ? method[1..] : method;

    private static bool IsRead(string method)
    {
        if (ReaderMethods.Contains(method))
            return true;
        var slash = method.IndexOf('/');
        if (slash <= 0 || slash == method.Length - 1 || method.IndexOf('/', slash + 1) >= 0)
            return false;
        return ReaderServices.Contains(method[..slash], StringComparer.Ordinal);
    }
}
