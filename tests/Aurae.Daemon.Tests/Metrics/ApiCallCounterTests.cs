using Aurae.Daemon.Metrics;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aurae.Daemon.Tests.Metrics;

public sealed class ApiCallCounterTests
{
    private const string Allocate = "/aurae.cells.v0.CellService/Allocate";

    [Fact]
    public async Task Calls_count_by_method_and_the_status_in_the_trailers_or_headers()
    {
        var counter = new ApiCallCounter([Allocate]);
        await counter.InvokeAsync(Context(Allocate), context => Trailer(context, StatusCode.OK));
        await counter.InvokeAsync(Context(Allocate), context => Trailer(context, StatusCode.OK));
        await counter.InvokeAsync(Context(Allocate), context =>
        {
            // A trailers-only response, as the enrollment gate writes one.
            context.Response.Headers["grpc-status"] = ((int)StatusCode.Unavailable).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        await counter.InvokeAsync(Context("/made.up/Path"), _ => Task.CompletedTask);

        Assert.Equal(
            [(Allocate, StatusCode.OK, 2L), (Allocate, StatusCode.Unavailable, 1L), (ApiCallCounter.OtherMethod, StatusCode.Unknown, 1L)],
            counter.Snapshot());
    }

    [Fact]
    public async Task A_call_that_throws_still_counts()
    {
        var counter = new ApiCallCounter([Allocate]);
        await Assert.ThrowsAsync<IOException>(() => counter.InvokeAsync(Context(Allocate), _ => throw new IOException("connection went")));
        Assert.Equal([(Allocate, StatusCode.Unknown, 1L)], counter.Snapshot());
    }

    private static DefaultHttpContext Context(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Features.Set<IHttpResponseTrailersFeature>(new TrailersFeature());
        return context;
    }

    private static Task Trailer(HttpContext context, StatusCode code)
    {
        context.Features.Get<IHttpResponseTrailersFeature>()!.Trailers["grpc-status"] =
            ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
