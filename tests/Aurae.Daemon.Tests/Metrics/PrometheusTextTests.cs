using Aurae.Daemon.Metrics;

namespace Aurae.Daemon.Tests.Metrics;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Families_and_samples_are_written_as_the_text_format_with_values_escaped()
    {
        var text = new PrometheusText();
        text.Family("aurae_cell_pids", MetricType.Gauge, "Processes in the cell \\ with a\nnewline.");
        text.Sample("aurae_cell_pids", 3, ("cell", "web"));
        text.Sample("aurae_cell_pids", 0.5, ("cell", "a\\b\"c\nd"), ("kind", "x"));
        text.Family("aurae_api_calls_total", MetricType.Counter, "Calls.");
        text.Sample("aurae_api_calls_total", double.PositiveInfinity);
        text.Sample("aurae_api_calls_total", double.NaN);

        Assert.Equal("""
            # HELP aurae_cell_pids Processes in the cell \\ with a\nnewline.
            # TYPE aurae_cell_pids gauge
            aurae_cell_pids{cell="web"} 3
            aurae_cell_pids{cell="a\\b\"c\nd",kind="x"} 0.5
            # HELP aurae_api_calls_total Calls.
            # TYPE aurae_api_calls_total counter
            aurae_api_calls_total +Inf
            aurae_api_calls_total NaN

            """.ReplaceLineEndings("\n"), text.ToString());
    }
}
