using System.Net;
using Aurae.Daemon.Cells;

namespace Aurae.Daemon.Metrics;

/// <summary>What serving metrics needs beyond the API's own parts: where, the cells, and the boot's milestones.</summary>
public sealed record MetricsSource(IPEndPoint Listen, CellRegistry Cells, BootMilestones Boot);
