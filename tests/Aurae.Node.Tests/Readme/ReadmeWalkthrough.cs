using System.Text.RegularExpressions;

namespace Aurae.Node.Tests.Readme;

/// <summary>One shell block of the README that a reader runs, as written, and the line it starts on.</summary>
public sealed record WalkthroughBlock(string Name, string Script, int Line);

/// <summary>
/// The README's walkthrough: each ```sh block preceded by a line <c>&lt;!-- walkthrough: NAME --&gt;</c>,
/// in the order a new user runs them. The markers are HTML comments, so the rendered README shows
/// the blocks only.
/// </summary>
public static partial class ReadmeWalkthrough
{
    public static IReadOnlyList<WalkthroughBlock> Read(string readmePath)
    {
        var lines = File.ReadAllLines(readmePath);
        var blocks = new List<WalkthroughBlock>();
        for (int index = 0; index < lines.Length; index++)
        {
            var marker = Marker().Match(lines[index]);
            if (!marker.Success)
                continue;
            int fence = index + 1;
            if (fence >= lines.Length || lines[fence] != "```sh")
                throw new InvalidDataException($"{readmePath}:{index + 1}: a walkthrough marker must be followed by a ```sh block");
            int end = Array.IndexOf(lines, "```", fence + 1);
            if (end < 0)
                throw new InvalidDataException($"{readmePath}:{fence + 1}: the ```sh block is not closed");
            blocks.Add(new WalkthroughBlock(marker.Groups[1].Value, string.Join('\n', lines[(fence + 1)..end]) + "\n", fence + 2));
            index = end;
        }
        return blocks;
    }

    [GeneratedRegex(@"^<!-- walkthrough: ([a-z-]+)\b")]
    private static partial Regex Marker();
}
