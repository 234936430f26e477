using Aurae.Contract.Yaml;

namespace Aurae.Cli.Apply;

/// <summary>A file workloads.yaml puts on the nodes as an artifact, under <paramref name="Name"/>.</summary>
internal sealed record DeclaredArtifact(string Name, string FilePath, bool Executable, ConfigPosition At);
