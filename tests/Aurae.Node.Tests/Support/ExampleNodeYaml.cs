using System.Text.RegularExpressions;

namespace Aurae.Node.Tests.Support;

/// <summary>
/// examples/node.yaml as a user has it, with only its kernel and PKI paths pointed at a test's
/// inputs (the example's own are relative to the checkout and may not exist yet).
/// </summary>
public static partial class ExampleNodeYaml
{
    /// <summary>Writes the example to DIRECTORY/node.yaml with <paramref name="kernelDeb"/> and <paramref name="pkiDirectory"/>; returns its path.</summary>
    public static string WriteWithInputs(string directory, string kernelDeb, string pkiDirectory)
    {
        var text = File.ReadAllText(TestEnvironment.ExampleNodeYaml);
        Assert.Matches(DebLine(), text);
        Assert.Matches(PkiLine(), text);
        text = DebLine().Replace(text, $"  deb: {kernelDeb}", 1);
        text = PkiLine().Replace(text, $"pki: {pkiDirectory}", 1);
        var path = Path.Combine(directory, "node.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"^  deb: .*$", RegexOptions.Multiline)]
    private static partial Regex DebLine();

    [GeneratedRegex(@"^pki: .*$", RegexOptions.Multiline)]
    private static partial Regex PkiLine();
}
