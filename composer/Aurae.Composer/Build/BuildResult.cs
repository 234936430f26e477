using Aurae.Composer.Outputs;

namespace Aurae.Composer.Build;

/// <summary>A finished build: what it was made from and the files it wrote.</summary>
public sealed record BuildResult(ComposedNode Node, IReadOnlyList<string> Files);
