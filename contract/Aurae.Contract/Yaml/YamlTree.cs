namespace Aurae.Contract.Yaml;

/// <summary>1-based position of a node in a YAML file.</summary>
public readonly record struct SourceLocation(int Line, int Column);

/// <summary>
/// A minimal YAML document tree in which every node keeps its position, so that any later
/// validation error can point at the exact spot. Built by <see cref="YamlTreeReader"/>.
/// </summary>
public abstract record YamlTreeNode(SourceLocation Start)
{
    /// <summary>How the node reads in an error message: "a mapping", "a sequence", "null", "'text'".</summary>
    public abstract string Describe();
}

/// <summary>A scalar; <see cref="IsPlain"/> is false when quoted, a block scalar or tagged !!str, which makes it always a string.</summary>
public sealed record YamlTreeScalar(string Value, bool IsPlain, SourceLocation Start) : YamlTreeNode(Start)
{
    private static readonly HashSet<string> NullWords = ["", "~", "null", "Null", "NULL"];
    private static readonly HashSet<string> TrueWords = ["true", "True", "TRUE"];
    private static readonly HashSet<string> FalseWords = ["false", "False", "FALSE"];

    public bool IsNull => IsPlain && NullWords.Contains(Value);

    /// <summary>The YAML 1.2 core-schema boolean, or null when the scalar is not one.</summary>
    public bool? AsBoolean() =>
        !IsPlain ? null : TrueWords.Contains(Value) ? true : FalseWords.Contains(Value) ? false : null;

    public override string Describe() => IsNull ? "null" : Value.Length > 40 ? $"'{Value[..40]}...'" : $"'{Value}'";
}

public sealed record YamlTreeSequence(IReadOnlyList<YamlTreeNode> Items, SourceLocation Start) : YamlTreeNode(Start)
{
    public override string Describe() => "a sequence";
}

public sealed record YamlTreeMapping(IReadOnlyList<KeyValuePair<YamlTreeScalar, YamlTreeNode>> Entries, SourceLocation Start) : YamlTreeNode(Start)
{
    public override string Describe() => "a mapping";
}
