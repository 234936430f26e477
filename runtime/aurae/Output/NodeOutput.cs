using System.Text;
using Aurae.CommandLine.Progress;
using Aurae.Contract.Client;

namespace Aurae.Cli.Output;

/// <summary>
/// Output from several nodes at once, safe to call concurrently. With one node the output is
/// written as it is; with several every line is prefixed with the node's name, so partial lines
/// are held until they end (or until <see cref="Complete"/>) to keep nodes' lines whole.
/// </summary>
internal sealed class NodeOutput(CliConsole console, bool prefixLines)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Node, bool Error), (Decoder Decoder, StringBuilder Pending)> channels = [];

    public bool PrefixesLines => prefixLines;

    /// <summary>A progress line on the same terminal, if any: lines and failures are written above it.</summary>
    public StatusLine? Status { get; set; }

    public void Line(NodeTarget node, bool error, string line)
    {
        lock (gate)
        {
            var writer = error ? console.Error : console.Out;
            AboveStatus(() =>
            {
                writer.WriteLine(prefixLines ? $"{node.Name}: {line}" : line);
                writer.Flush();
            });
        }
    }

    /// <summary>A line about no node in particular (e.g. JSON keyed by node), never prefixed.</summary>
    public void Plain(string line)
    {
        lock (gate)
        {
            console.Out.WriteLine(line);
            console.Out.Flush();
        }
    }

    /// <summary>Several lines (a rendered result); each is prefixed when lines are.</summary>
    public void Text(NodeTarget node, string text)
    {
        foreach (var line in text.TrimEnd('\n').Split('\n'))
            Line(node, error: false, line);
    }

    /// <summary>A node's failure, always naming the node and its address.</summary>
    public void Failure(NodeTarget node, string description)
    {
        lock (gate)
        {
            AboveStatus(() =>
            {
                console.Error.WriteLine($"{node}: {description}");
                console.Error.Flush();
            });
        }
    }

    /// <summary>A chunk of a remote program's output.</summary>
    public void Bytes(NodeTarget node, bool error, ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            var raw = error ? console.RawError : console.RawOut;
            if (!prefixLines && raw is not null)
            {
                raw.Write(data);
                raw.Flush();
                return;
            }
            var (decoder, pending) = Channel(node, error);
            var chars = new char[decoder.GetCharCount(data, flush: false)];
            decoder.GetChars(data, chars, flush: false);
            pending.Append(chars);
            var writer = error ? console.Error : console.Out;
            if (!prefixLines)
            {
                writer.Write(pending.ToString());
                pending.Clear();
            }
            else
            {
                var text = pending.ToString();
                var end = text.LastIndexOf('\n');
                if (end >= 0)
                {
                    foreach (var line in text[..end].Split('\n'))
                        writer.WriteLine($"{node.Name}: {line}");
                    pending.Clear().Append(text.AsSpan(end + 1));
                }
            }
            writer.Flush();
        }
    }

    /// <summary>The node's output has ended: write what is left of its unfinished lines.</summary>
    public void Complete(NodeTarget node)
    {
        lock (gate)
        {
            foreach (var error in new[] { false, true })
            {
                if (!channels.Remove((node.Name, error), out var channel))
                    continue;
                var rest = channel.Pending.ToString();
                if (rest.Length == 0)
                    continue;
                var writer = error ? console.Error : console.Out;
                if (prefixLines)
                    writer.WriteLine($"{node.Name}: {rest}");
                else
                    writer.Write(rest);
                writer.Flush();
            }
        }
    }

    private (Decoder, StringBuilder) Channel(NodeTarget node, bool error)
    {
        if (!channels.TryGetValue((node.Name, error), out var channel))
            channels[(node.Name, error)] = channel = (new UTF8Encoding(false).GetDecoder(), new StringBuilder());
        return channel;
    }

    private void AboveStatus(Action write)
    {
        if (Status is { } status)
            status.Above(write);
        else
            write();
    }
}
