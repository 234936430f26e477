namespace Aurae.Contract.Names;

/// <summary>
/// The rule for cell names: one part ("web") or a path of parts ("web/cache") for a cell nested
/// in another. Each part becomes a cgroup directory name, so the rules keep it a safe,
/// unambiguous one: 1-64 characters of [a-z0-9_.-], not starting with '.', and not the name of a
/// cgroupfs interface file ("cgroup.procs", "memory.max", ...) that lives in the same directory.
/// </summary>
public static class CellNameRule
{
    public const int MaxPartLength = 64;
    public const int MaxDepth = 8;
    public const int MaxLength = 255;

    // Interface files in a cgroup directory are named "<prefix>.<knob>"; a cell named like one
    // would collide with it (mkdir fails) or be confusing next to it.
    private static readonly string[] InterfaceFilePrefixes =
        ["cgroup.", "cpu.", "cpuset.", "memory.", "pids.", "io.", "hugetlb.", "rdma.", "misc.", "irq."];

    /// <summary>Null when <paramref name="text"/> is a valid cell name, otherwise why it is not.</summary>
    public static string? Validate(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "a cell name is required";
        var shown = Shown(text);
        if (text.Length > MaxLength)
            return $"'{shown}' is {text.Length} characters; at most {MaxLength} are allowed";
        if (text[0] == '/' || text[^1] == '/')
            return $"'{shown}' must not start or end with '/'";
        var parts = text.Split('/');
        if (parts.Length > MaxDepth)
            return $"'{shown}' nests {parts.Length} levels; at most {MaxDepth} are allowed";
        foreach (var part in parts)
        {
            if (part.Length == 0)
                return $"'{shown}' has an empty part (\"//\")";
            var error = CheckPart(part);
            if (error is not null)
                return parts.Length == 1 ? $"'{Shown(part)}' {error}" : $"part '{Shown(part)}' of '{shown}' {error}";
        }
        return null;
    }

    private static string? CheckPart(string part)
    {
        if (part.Length > MaxPartLength)
            return $"is {part.Length} characters; at most {MaxPartLength} are allowed";
        if (part[0] == '.')
            return "must not start with '.' (\".\" and \"..\" included)";
        foreach (var c in part)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-'))
                return $"has {Describe(c)}; only a-z, 0-9, '_', '.' and '-' are allowed";
        }
        foreach (var prefix in InterfaceFilePrefixes)
        {
            if (part.StartsWith(prefix, StringComparison.Ordinal))
                return $"starts with '{prefix}', which is reserved for cgroupfs interface files";
        }
        return null;
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"character U+{(int)c:X4}" : $"'{c}'";

    // Names are echoed in errors; a very long one is cut so the message stays readable.
    private static string Shown(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
