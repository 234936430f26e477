using System.Diagnostics.CodeAnalysis;
using Aurae.Contract.Names;
using Aurae.Daemon.Failures;

namespace Aurae.Daemon.Cells;

/// <summary>
/// A cell's name: one part ("web") or a path of parts ("web/cache") for a cell nested in another,
/// valid by <see cref="CellNameRule"/>.
/// </summary>
public sealed class CellName : IEquatable<CellName>
{
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

    private static string? Check(string? text) => CellNameRule.Validate(text);
}
