using Aurae.Daemon.Authorization;
using Aurae.Daemon.Enrollment;

namespace Aurae.Daemon.Metrics;

/// <summary>
/// GET /metrics on the metrics port: the Prometheus text of <see cref="NodeMetrics"/> for any
/// client certificate of the API's CA with a role (a reader suffices), as the API itself checks
/// them in the TLS handshake; an unenrolled node serves nothing, like the API.
/// </summary>
public sealed class MetricsEndpoint(NodeMetrics metrics, EnrollmentStatus enrollment)
{
    public const string Path = "/metrics";

    public async Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        if (context.Request.Path != Path)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }
        if (CertificateRole.Of(context.Connection.ClientCertificate) is null)
        {
            response.StatusCode = StatusCodes.Status403Forbidden;
            await response.WriteAsync("the client certificate names no role (O=admin or O=reader)\n");
            return;
        }
        if (!enrollment.IsEnrolled)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await response.WriteAsync($"node not enrolled: {enrollment.State}\n");
            return;
        }
        response.ContentType = PrometheusText.ContentType;
        var text = metrics.Scrape();
        if (HttpMethods.IsGet(context.Request.Method))
            await response.WriteAsync(text);
    }
}
