namespace Aurae.Images.Deb;

/// <summary>
/// Debian's control-file syntax (deb822(5)): paragraphs of "Field: value" lines separated by blank
/// lines, a value continued on lines that start with a space or tab. A package's DEBIAN/control is
/// one paragraph; dpkg's status database is one per package. Field names compare case-insensitively.
/// </summary>
public static class Deb822
{
    /// <summary>Each paragraph of <paramref name="text"/>, its fields by name (continuation lines joined with "\n").</summary>
    public static IEnumerable<IReadOnlyDictionary<string, string>> Paragraphs(TextReader text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        for (var line = text.ReadLine(); ; line = text.ReadLine())
        {
            if (line is null || line.Trim().Length == 0)
            {
                if (fields.Count > 0)
                    yield return fields;
                if (line is null)
                    yield break;
                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                current = null;
                continue;
            }
            if (line[0] is ' ' or '\t')
            {
                if (current is not null)
                    fields[current] += "\n" + line.Trim();
                continue;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            current = line[..colon];
            fields[current] = line[(colon + 1)..].Trim();
        }
    }
}
