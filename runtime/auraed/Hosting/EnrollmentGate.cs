using Aurae.Daemon.Enrollment;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// Until the node is enrolled, refuses every call but health with UNAVAILABLE
/// <c>node not enrolled: STATE</c>: the node has no name yet, and a caller must not take the
/// ephemeral certificate's node for a real one.
/// </summary>
public sealed class EnrollmentGate(EnrollmentStatus status)
{
    private const string HealthPrefix = "/grpc.health.v1.Health/";

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (status.IsEnrolled || (context.Request.Path.Value ?? "").StartsWith(HealthPrefix, StringComparison.Ordinal))
            return next(context);
        // A trailers-only gRPC response: the status in the headers, no body.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)Grpc.Core.StatusCode.Unavailable).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString($"node not enrolled: {status.State}");
        return Task.CompletedTask;
    }
}
