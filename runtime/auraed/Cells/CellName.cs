using System.Diagnostics.CodeAnalysis;
using Aurae.Daemon.Failures;

namespace Aurae.Daemon.Cells;

/// <summary>
/// A cell's name: one part ("web") or a path of parts ("web/cache") for a cell nested in another.
/// Each part becomes a cgroup directory name, so the rules keep it a safe, unambiguous one:
/// 1-64 characters of [a-z0-9_.-], not starting with '.', and not the name of a cgroupfs
/// interface file ("cgroup.procs", "memory.max", ...) that lives in the same directory.
/// </summary>
public sealed class CellName : IEquatable<CellName>
{
    public const int MaxPartLength = 64;
    public const int MaxDepth = 8;
    public const int MaxLength = 255;

    // Interface files in a cgroup directory are named "<prefix>.<knob>"; a cell named like one
    // would collide with it (mkdir fails) or be confusing next to it.
    private static readonly string[] InterfaceFilePrefixes =
        ["cgroup.", "cpu.", "cpuset.", "memory.", "pids.", "io.", "hugetlb.", "rdma.", "misc.", "irq."];

    private readonly string[] parts;

    private CellName(string value, string[] parts)
    {
        Value = value;
        this.parts = parts;
    }

    /// <summary>The full name, parts joined by '/'.</summary>
    public string Value { get; }

    public IReadOnlyList<string> Parts => parts;

    public int Depth => parts.Length;

    /// <summary>The last part: the cell's own directory name.</summary>
    public string Leaf => parts[^1];

    /// <summary>The cell this one is nested in, or null for a top-level cell.</summary>
    public CellName? Parent => parts.Length == 1 ? null : new CellName(string.Join('/', parts[..^1]), parts[..^1]);

    /// <summary>Parses and validates; a bad name is the client's mistake: an invalid request naming <paramref name="field"/>.</summary>
    public static CellName Parse(string? text, string field = "cell.name")
    {
        if (TryParse(text, out var name, out var error))
            return name;
        throw new FailureException(FailureKind.InvalidRequest, $"{field}: {error}");
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out CellName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        error = Check(text);
        if (error is not null)
            return false;
        name = new CellName(text!, text!.Split('/'));
        return true;
    }

    /// <summary>True when this cell is nested, at any depth, inside <paramref name="ancestor"/>.</summary>
    public bool IsDescendantOf(CellName ancestor) =>
        Depth > ancestor.Depth && Value.StartsWith(ancestor.Value + "/", StringComparison.Ordinal);

    public bool Equals(CellName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is CellName other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    private static string? Check(string? text)
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
