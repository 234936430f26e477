using Aurae.Contract.Yaml;

namespace Aurae.Cli.Apply;

/// <summary>An image archive (oci-archive or docker-archive) workloads.yaml puts on the nodes under <paramref name="Name"/>.</summary>
internal sealed record DeclaredImage(string Name, string FilePath, ConfigPosition At);
