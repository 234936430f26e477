using Aurae.Api.Artifacts.V0;

namespace Aurae.Cli.Apply;

/// <summary>An artifact to put on the nodes, hashed: what a node's artifact of that name must match.</summary>
internal sealed record ArtifactContent(DeclaredArtifact Declared, PushHeader Header);
