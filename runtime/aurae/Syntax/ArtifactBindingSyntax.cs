using Aurae.Api.Cells.V0;

namespace Aurae.Cli.Syntax;

/// <summary>NAME[:PATH], an artifact bound into a workload's root, as `aurae run --artifact` and workloads.yaml write it.</summary>
internal static class ArtifactBindingSyntax
{
    /// <summary>"busybox:/bin/sh" → busybox at /bin/sh; "busybox" → busybox at /bin/busybox.</summary>
    /// <exception cref="FormatException">No name, no path, or a relative path; the message starts with the text.</exception>
    public static ArtifactBinding Parse(string text)
    {
        var colon = text.IndexOf(':');
        var artifact = colon < 0 ? text : text[..colon];
        var path = colon < 0 ? $"/bin/{text}" : text[(colon + 1)..];
        if (artifact.Length == 0 || path.Length == 0)
            throw new FormatException($"'{text}': expected NAME or NAME:PATH, e.g. busybox:/bin/sh");
        if (!path.StartsWith('/'))
            throw new FormatException($"'{text}': PATH must be absolute");
        return new ArtifactBinding { Artifact = artifact, Path = path };
    }
}
