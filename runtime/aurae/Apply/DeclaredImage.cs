using Aurae.Contract.Yaml;

namespace Aurae.Cli.Apply;

/// <summary>
/// An image archive (oci-archive or docker-archive) workloads.yaml puts on the nodes under
/// <paramref name="Name"/>; <paramref name="Digest"/>, when given, pins the config digest the
/// archive must hold (sha256:…), so a replaced file is refused rather than rolled out.
/// </summary>
internal sealed record DeclaredImage(string Name, string FilePath, string? Digest, ConfigPosition At);
