using Aurae.Testing;

namespace Aurae.Composer.Tests.Corpus;

/// <summary>
/// The broken node.yaml files under Corpus/node-yaml/ in the source tree and what each expects.
/// They are read from the source tree (found by walking up to Aurae.sln) so adding a case is
/// adding a file, with no project change.
/// </summary>
public static class CorpusFiles
{
    private const string ExpectPrefix = "# expect: ";

    /// <summary>The .expect file beside a corpus file that cannot carry comments (empty, binary).</summary>
    public const string SidecarExtension = ".expect";

    public static string Directory { get; } = Locate();

    /// <summary>The corpus file names, sorted (sidecars excluded).</summary>
    public static IReadOnlyList<string> NodeYamlNames() =>
        System.IO.Directory.GetFiles(Directory, "*.yaml")
            .Select(Path.GetFileName)
            .Select(name => name!)
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// The substrings stderr must contain: the leading `# expect: ` lines of the file, or of its
    /// sidecar NAME.expect when there is one.
    /// </summary>
    public static IReadOnlyList<string> Expectations(string name)
    {
        var sidecar = Path.Combine(Directory, name + SidecarExtension);
        var source = File.Exists(sidecar) ? sidecar : Path.Combine(Directory, name);
        return File.ReadLines(source)
            .TakeWhile(line => line.StartsWith('#'))
            .Where(line => line.StartsWith(ExpectPrefix, StringComparison.Ordinal))
            .Select(line => line[ExpectPrefix.Length..])
            .ToArray();
    }

    private static string Locate()
    {
        var corpus = Path.Combine(RepositoryRoot.Path, "tests", "Aurae.Composer.Tests", "Corpus", "node-yaml");
        return System.IO.Directory.Exists(corpus)
            ? corpus
            : throw new DirectoryNotFoundException($"The node.yaml corpus is missing: expected {corpus}.");
    }
}
