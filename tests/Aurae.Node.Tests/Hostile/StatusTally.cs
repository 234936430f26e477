using System.Collections.Concurrent;
using System.Text;
using Grpc.Core;

namespace Aurae.Node.Tests.Hostile;

/// <summary>Counts call outcomes per method and status, thread-safe, and prints them as a table.</summary>
public sealed class StatusTally
{
    private readonly ConcurrentDictionary<(string Method, string Status), int> _counts = new();

    public void Add(string method, CallOutcome outcome)
    {
        var status = outcome.TransportFailure ? $"TRANSPORT:{outcome.Code}" : outcome.Code.ToString();
        _counts.AddOrUpdate((method, status), 1, (_, n) => n + 1);
    }

    public int Total => _counts.Values.Sum();

    public int CountFor(string method) => _counts.Where(c => c.Key.Method == method).Sum(c => c.Value);

    public string Table()
    {
        var statuses = _counts.Keys.Select(k => k.Status).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        var methods = _counts.Keys.Select(k => k.Method).Distinct().OrderBy(m => m, StringComparer.Ordinal).ToList();
        var width = methods.Select(m => m.Length).Append(6).Max();
        var text = new StringBuilder();
        text.Append("method".PadRight(width));
        foreach (var status in statuses)
            text.Append(' ').Append(status.PadLeft(Math.Max(status.Length, 6)));
        text.AppendLine();
        foreach (var method in methods)
        {
            text.Append(method.PadRight(width));
            foreach (var status in statuses)
                text.Append(' ').Append((_counts.GetValueOrDefault((method, status))).ToString().PadLeft(Math.Max(status.Length, 6)));
            text.AppendLine();
        }
        return text.ToString();
    }
}
