using Google.Protobuf.Reflection;

namespace Aurae.Node.Tests.Hostile;

/// <summary>
/// Every method of every aurae.* service, read from the generated file descriptors in the API
/// assembly (each *Reflection class), so a method added to a .proto is covered without a test edit.
/// </summary>
public static class ApiMethods
{
    public static IReadOnlyList<MethodDescriptor> All { get; } = Load();

    /// <summary>The unary and server-streaming methods: one request message each.</summary>
    public static IReadOnlyList<MethodDescriptor> SingleRequest { get; } =
        All.Where(m => !m.IsClientStreaming).ToList();

    /// <summary>"/package.Service/Method", the HTTP/2 path the method is called at.</summary>
    public static string Path(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    public static string Name(MethodDescriptor method) => $"{method.Service.Name}/{method.Name}";

    private static List<MethodDescriptor> Load()
    {
        var assembly = typeof(Aurae.Api.Discovery.V0.DiscoveryService).Assembly;
        var files = assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Aurae.Api.", StringComparison.Ordinal) == true && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor")?.GetValue(null))
            .OfType<FileDescriptor>()
            .Where(f => f.Package.StartsWith("aurae.", StringComparison.Ordinal));
        return files.SelectMany(f => f.Services).SelectMany(s => s.Methods)
            .OrderBy(m => m.Service.FullName, StringComparer.Ordinal).ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToList();
    }
}
