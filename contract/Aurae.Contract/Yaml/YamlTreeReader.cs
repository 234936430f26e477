using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Aurae.Contract.Yaml;

/// <summary>
/// Turns YAML text into a <see cref="YamlTreeNode"/> tree straight from parser events, rather
/// than through YamlStream, because that keeps the field path being read when a syntax error
/// strikes, lets duplicate keys and bad aliases be reported at their own position, and survives
/// parser states YamlStream turns into a bare InvalidOperationException.
/// </summary>
public sealed class YamlTreeReader
{
    private const string StringTag = "tag:yaml.org,2002:str";

    // Our files are a few levels deep; this only stops pathological input.
    private const int MaxDepth = 32;

    private readonly IParser parser;
    private readonly string text;
    private readonly string filePath;
    private readonly string kind;
    private readonly List<string> path = [];
    private readonly Dictionary<string, YamlTreeNode> anchors = [];
    private readonly Stack<(SourceLocation Start, string Opener, string Field)> openFlows = new();
    private SourceLocation lastEnd = new(1, 1);

    private YamlTreeReader(string text, string filePath, string kind)
    {
        parser = new Parser(new StringReader(text));
        this.text = text;
        this.filePath = filePath;
        this.kind = kind;
    }

    /// <summary>Reads the single document in <paramref name="text"/>; null when there is none (empty or only comments).</summary>
    /// <exception cref="ConfigFileException">Syntax errors, duplicate keys, unknown aliases, several documents.</exception>
    /// <param name="kind">What the file is, for messages ("node.yaml").</param>
    public static YamlTreeNode? Read(string text, string filePath, string kind) => new YamlTreeReader(text, filePath, kind).ReadStream();

    private YamlTreeNode? ReadStream()
    {
        Expect<StreamStart>();
        if (Next() is StreamEnd)
            return null;
        var root = ReadNode(Next(), depth: 0);
        Expect<DocumentEnd>();
        var after = Next();
        if (after is DocumentStart)
            throw Error(Location(after.Start), $"a second YAML document starts here; {kind} holds exactly one");
        return root;
    }

    private YamlTreeNode ReadNode(ParsingEvent first, int depth)
    {
        if (depth > MaxDepth)
            throw Error(Location(first.Start), $"nesting deeper than {MaxDepth} levels");
        if (first is NodeEvent { Tag.IsEmpty: false } tagged && tagged.Tag.Value != StringTag)
            throw Error(Location(first.Start), $"the YAML tag '{tagged.Tag.Value}' is not supported here");

        YamlTreeNode node = first switch
        {
            Scalar scalar => new YamlTreeScalar(scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty, Location(scalar.Start)),
            SequenceStart sequence => ReadSequence(sequence, depth),
            MappingStart mapping => ReadMapping(mapping, depth),
            AnchorAlias alias => anchors.TryGetValue(alias.Value.Value, out var target)
                ? target
                : throw Error(Location(alias.Start), $"the alias '*{alias.Value.Value}' refers to no anchor defined before it"),
            _ => throw Error(Location(first.Start), $"unexpected {first.GetType().Name}"),
        };
        if (first is NodeEvent { Anchor.IsEmpty: false } anchored)
            anchors[anchored.Anchor.Value] = node;
        return node;
    }

    private YamlTreeSequence ReadSequence(SequenceStart start, int depth)
    {
        OpenFlow(start.Style == SequenceStyle.Flow, start, "[");
        var items = new List<YamlTreeNode>();
        for (var item = Next(); item is not SequenceEnd; item = Next())
        {
            path.Add($"[{items.Count}]");
            items.Add(ReadNode(item, depth + 1));
            path.RemoveAt(path.Count - 1);
        }
        CloseFlow(start.Style == SequenceStyle.Flow);
        return new YamlTreeSequence(items, Location(start.Start));
    }

    private YamlTreeMapping ReadMapping(MappingStart start, int depth)
    {
        OpenFlow(start.Style == MappingStyle.Flow, start, "{");
        var entries = new List<KeyValuePair<YamlTreeScalar, YamlTreeNode>>();
        var seen = new Dictionary<string, SourceLocation>();
        for (var keyEvent = Next(); keyEvent is not MappingEnd; keyEvent = Next())
        {
            if (keyEvent is not Scalar keyScalar)
                throw Error(Location(keyEvent.Start), "a mapping key must be a plain string");
            var key = new YamlTreeScalar(keyScalar.Value, keyScalar.Style == ScalarStyle.Plain, Location(keyScalar.Start));
            path.Add(key.Value);
            if (seen.TryGetValue(key.Value, out var first))
                throw Error(key.Start, $"duplicate key (first defined at line {first.Line})");
            seen[key.Value] = key.Start;
            entries.Add(new(key, ReadNode(Next(), depth + 1)));
            path.RemoveAt(path.Count - 1);
        }
        CloseFlow(start.Style == MappingStyle.Flow);
        return new YamlTreeMapping(entries, Location(start.Start));
    }

    private void OpenFlow(bool isFlow, ParsingEvent start, string opener)
    {
        if (isFlow)
            openFlows.Push((Location(start.Start), opener, FieldPath));
    }

    private void CloseFlow(bool isFlow)
    {
        if (isFlow)
            openFlows.Pop();
    }

    private void Expect<T>() where T : ParsingEvent
    {
        var next = Next();
        if (next is not T)
            throw Error(Location(next.Start), $"YAML syntax error: expected {typeof(T).Name}, found {next.GetType().Name}");
    }

    private ParsingEvent Next()
    {
        try
        {
            if (!parser.MoveNext())
                throw Error(lastEnd, "YAML syntax error: unexpected end of file");
        }
        catch (YamlException e)
        {
            // At the end of the file inside [ or {, the parser's complaint points past the end; the opener is what to fix.
            if (openFlows.TryPeek(out var unclosed) && OnlyWhitespaceFrom(e.Start))
                throw NeverClosed(unclosed);
            var at = e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) ? TabLocation() ?? Location(e.Start) : Location(e.Start);
            throw Error(at, $"YAML syntax error: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet gives up this way inside some unterminated flow collections.
            if (openFlows.TryPeek(out var flow))
                throw NeverClosed(flow);
            throw Error(lastEnd, "YAML syntax error: the parser cannot continue after this point");
        }
        lastEnd = Location(parser.Current!.End);
        return parser.Current;
    }

    private ConfigFileException NeverClosed((SourceLocation Start, string Opener, string Field) flow) =>
        new(filePath, flow.Start.Line, flow.Start.Column, flow.Field, $"YAML syntax error: this '{flow.Opener}' is never closed");

    private bool OnlyWhitespaceFrom(Mark mark) =>
        mark.Index >= text.Length || text.AsSpan((int)mark.Index).IsWhiteSpace();

    /// <summary>YamlDotNet reports some tab errors at the start of the enclosing block; find the tab itself.</summary>
    private SourceLocation? TabLocation()
    {
        var lines = text.Split('\n');
        for (var index = Math.Max(0, lastEnd.Line - 1); index < lines.Length; index++)
        {
            var indentation = lines[index].Length - lines[index].TrimStart(' ', '\t').Length;
            var tab = lines[index].IndexOf('\t', 0, indentation);
            if (tab >= 0)
                return new SourceLocation(index + 1, tab + 1);
        }
        return null;
    }

    private string FieldPath => string.Concat(path.Select((segment, i) => i == 0 || segment.StartsWith('[') ? segment : "." + segment));

    private ConfigFileException Error(SourceLocation at, string problem) =>
        new(filePath, at.Line, at.Column, FieldPath, problem);

    private static SourceLocation Location(Mark mark) => new((int)mark.Line, (int)mark.Column);
}
