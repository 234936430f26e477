using System.Globalization;
using System.Text;

namespace Aurae.Daemon.Metrics;

/// <summary>
/// Prometheus's text exposition format, version 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats):
/// each family as <c># HELP</c>, <c># TYPE</c>, then its samples, one per line, <c>name{label="value"} number</c>.
/// </summary>
public sealed class PrometheusText
{
    /// <summary>The Content-Type a scraper expects for this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder text = new();

    /// <summary>Starts a family: its HELP (\ and newline escaped) and TYPE lines.</summary>
    public void Family(string name, MetricType type, string help)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type switch
        {
            MetricType.Counter => "counter",
            MetricType.Gauge => "gauge",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        }).Append('\n');
    }

    /// <summary>One sample of the family just started; label values escaped (\, " and newline).</summary>
    public void Sample(string name, double value, params ReadOnlySpan<(string Name, string Value)> labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (int index = 0; index < labels.Length; index++)
            {
                if (index > 0)
                    text.Append(',');
                text.Append(labels[index].Name).Append("=\"").Append(Escape(labels[index].Value)).Append('"');
            }
            text.Append('}');
        }
        text.Append(' ').Append(Format(value)).Append('\n');
    }

    public override string ToString() => text.ToString();

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    // Go's ParseFloat reads what "R" writes, and the format's own spellings of the special values.
    private static string Format(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);
}

public enum MetricType
{
    Counter,
    Gauge,
}
