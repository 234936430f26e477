using Aurae.Api.Cells.V0;
using Aurae.Daemon.Artifacts;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Sandbox;

namespace Aurae.Daemon.Executables;

/// <summary>
/// The artifacts an isolated executable names, as files to bind into its root: each of
/// executable.artifacts at the path it asks for, and argv[0] when it is an artifact's path in the
/// node's store (ROOT/names/NAME, what `aurae run` users already write), at that same path. The
/// content file is bound, not the name's link, so the workload runs what was pushed even if the
/// name is pushed again meanwhile.
/// </summary>
internal static class ArtifactBindings
{
    public const int MaxBindings = 64;
    private const int MaxPathLength = 1024;

    /// <summary>
    /// The kernel's file systems the node provides in every workload's root; nothing may be bound
    /// there. (/tmp is a plain tmpfs: a file may be bound into it, as a store under /tmp needs.)
    /// </summary>
    private static readonly string[] ProvidedDirectories = ["/proc", "/dev", "/sys"];

    public static async Task<IReadOnlyList<FileBinding>> ResolveAsync(Executable executable, ArtifactStore store, CancellationToken ct)
    {
        var requested = new List<(string Artifact, string Target, string Field)>();
        for (var i = 0; i < executable.Artifacts.Count; i++)
            requested.Add((executable.Artifacts[i].Artifact, executable.Artifacts[i].Path, $"executable.artifacts[{i}]"));
        if (requested.Count > MaxBindings)
            throw Invalid($"executable.artifacts: {requested.Count} bindings; at most {MaxBindings}");
        var namesPrefix = store.NamesDirectory + "/";
        var program = executable.Argv.Count > 0 ? executable.Argv[0] : "";
        if (program.StartsWith(namesPrefix, StringComparison.Ordinal) && !requested.Any(r => r.Target == program))
            requested.Add((program[namesPrefix.Length..], program, "executable.argv[0]"));

        var bindings = new List<FileBinding>(requested.Count);
        foreach (var (artifact, target, field) in requested)
        {
            if (RejectTarget(target) is { } problem)
                throw Invalid($"{field}.path '{target}': {problem}");
            if (bindings.Any(b => b.Target == target))
                throw Invalid($"{field}.path '{target}': another artifact is already bound there");
            StoredArtifact? stored;
            try
            {
                stored = await store.FindAsync(artifact, ct);
            }
            catch (ArtifactException e)
            {
                throw Invalid($"{field}: {e.Message}");
            }
            if (stored is null)
                throw new FailureException(FailureKind.NotFound, $"{field}: no artifact named '{artifact}' on the node; push it first");
            bindings.Add(new FileBinding(stored.Path, target));
        }
        return bindings;
    }

    /// <summary>The provided directory <paramref name="path"/> is in, or null.</summary>
    public static string? Reserved(string path) =>
        ProvidedDirectories.FirstOrDefault(d => path == d || path.StartsWith(d + "/", StringComparison.Ordinal));

    private static string? RejectTarget(string path)
    {
        if (path.Length == 0)
            return "a path is required";
        if (path.Length > MaxPathLength)
            return $"longer than {MaxPathLength} characters";
        if (!path.StartsWith('/') || path == "/")
            return "must be an absolute path to a file, not /";
        if (path.Contains('\0'))
            return "contains NUL";
        if (path.EndsWith('/') || path.Split('/').Skip(1).Any(part => part is "" or "." or ".."))
            return "must be normalised (no empty, '.' or '..' parts, no trailing /)";
        if (Reserved(path) is { } directory)
            return $"is inside {directory}, which the node provides";
        return null;
    }

    private static FailureException Invalid(string message) => new(FailureKind.InvalidRequest, message);
}
