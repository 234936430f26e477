using System.Text.Json;

namespace Aurae.Composer.Sbom;

/// <summary>
/// What auraed was built from, read from the dependency file .NET writes with a build
/// (auraed.deps.json, published beside the binary): the NuGet packages with their SHA-512, the
/// runtime packs (the .NET and ASP.NET Core runtimes compiled in), and the daemon's own version.
/// </summary>
public sealed record DaemonPackages(string? DaemonVersion, IReadOnlyList<SbomComponent> Packages)
{
    /// <summary>Where the daemon's dependency file sits: beside it, named after it.</summary>
    public static string PathFor(string daemonPath) => daemonPath + ".deps.json";

    /// <summary>Reads <paramref name="depsPath"/>; null when there is none.</summary>
    /// <exception cref="InvalidDataException">It is not a dependency file .NET would write.</exception>
    public static DaemonPackages? Read(string depsPath, string daemonName)
    {
        if (!File.Exists(depsPath))
            return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(depsPath));
            string? version = null;
            var packages = new List<SbomComponent>();
            foreach (var library in document.RootElement.GetProperty("libraries").EnumerateObject())
            {
                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0)
                    throw new InvalidDataException($"library '{library.Name}' is not NAME/VERSION");
                var (name, libraryVersion) = (library.Name[..slash], library.Name[(slash + 1)..]);
                var type = library.Value.GetProperty("type").GetString();
                if (type == "project" && name == daemonName)
                    version = libraryVersion;
                if (type is not ("package" or "runtimepack"))
                    continue;
                // "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64" is the NuGet package Microsoft.NETCore.App.Runtime.linux-x64.
                var package = type == "runtimepack" && name.StartsWith("runtimepack.", StringComparison.Ordinal) ? name["runtimepack.".Length..] : name;
                var sha512 = library.Value.TryGetProperty("sha512", out var hash) ? hash.GetString() : null;
                packages.Add(new SbomComponent(type == "runtimepack" ? "framework" : "library", $"nuget:{package}@{libraryVersion}", package)
                {
                    Version = libraryVersion,
                    Purl = $"pkg:nuget/{package}@{libraryVersion}",
                    Hashes = sha512 is { Length: > 7 } && sha512.StartsWith("sha512-", StringComparison.Ordinal)
                        ? [("SHA-512", Convert.ToHexStringLower(Convert.FromBase64String(sha512["sha512-".Length..])))]
                        : [],
                });
            }
            return new DaemonPackages(version, [.. packages.OrderBy(p => p.BomRef, StringComparer.Ordinal)]);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{depsPath}: not a .NET dependency file: {e.Message}", e);
        }
    }
}
