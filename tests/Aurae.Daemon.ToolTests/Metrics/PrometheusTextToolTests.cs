using Aurae.Daemon.Metrics;
using Aurae.Testing;

namespace Aurae.Daemon.ToolTests.Metrics;

/// <summary>Prometheus's own linter on what <see cref="PrometheusText"/> writes, escaping included.</summary>
public sealed class PrometheusTextToolTests
{
    [Fact]
    public void Promtool_accepts_what_it_writes()
    {
        var text = new PrometheusText();
        text.Family("aurae_cell_memory_bytes", MetricType.Gauge, "The cell's memory now.");
        text.Sample("aurae_cell_memory_bytes", 1 << 20, ("cell", "web \"front\""));
        text.Family("aurae_api_calls_total", MetricType.Counter, "API calls by method and status.");
        text.Sample("aurae_api_calls_total", 7, ("method", "/aurae.cells.v0.CellService/Allocate"), ("code", "OK"));

        var (exit, output, error) = Tool.Run("promtool", ["check", "metrics"], input: text.ToString());
        Assert.True(exit == 0, $"{output}{error}");
    }
}
