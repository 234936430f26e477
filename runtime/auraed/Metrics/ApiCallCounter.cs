using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace Aurae.Daemon.Metrics;

/// <summary>
/// Counts the API's calls by method and the gRPC status they ended with, as the client saw it:
/// it wraps the whole pipeline, so calls the enrollment gate or the request check refused count
/// too. A path that names no method of the API counts as <see cref="OtherMethod"/>, so a caller
/// cannot grow the label set.
/// </summary>
public sealed class ApiCallCounter(IEnumerable<string> methods)
{
    public const string OtherMethod = "other";

    private readonly HashSet<string> known = new(methods, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Method, StatusCode Code), long> calls = new();

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var path = context.Request.Path.Value ?? "";
            calls.AddOrUpdate((known.Contains(path) ? path : OtherMethod, StatusOf(context)), 1, (_, count) => count + 1);
        }
    }

    /// <summary>The counts so far, by method then status code.</summary>
    public IReadOnlyList<(string Method, StatusCode Code, long Calls)> Snapshot() =>
        [.. calls.Select(entry => (entry.Key.Method, entry.Key.Code, entry.Value))
            .OrderBy(entry => entry.Method, StringComparer.Ordinal).ThenBy(entry => entry.Code)];

    // grpc-status is a trailer, or a header in a trailers-only response; a call that never got
    // one (the connection went) counts as Unknown.
    private static StatusCode StatusOf(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        var value = trailers is not null && trailers.TryGetValue("grpc-status", out var trailer) ? trailer.ToString()
            : context.Response.Headers.TryGetValue("grpc-status", out var header) ? header.ToString() : null;
        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            && Enum.IsDefined((StatusCode)code) ? (StatusCode)code : StatusCode.Unknown;
    }
}
