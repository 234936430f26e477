using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Aurae.Daemon.Enrollment;
using Aurae.Contract.Enrollment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aurae.Daemon.Tests.Enrollment;

/// <summary>One answer of the fake serve: status, JSON body, optional Retry-After seconds.</summary>
public sealed record ServeAnswer(int Status, string Json, int? RetryAfterSeconds = null)
{
    public static ServeAnswer Refused(int status, string reason) =>
        new(status, JsonSerializer.Serialize(new EnrollmentResponse { Reason = reason }, EnrollmentJsonContext.Default.EnrollmentResponse));

    public static ServeAnswer Enrolled(string name, string certificatePem) =>
        new(200, JsonSerializer.Serialize(new EnrollmentResponse { Name = name, Certificate = certificatePem }, EnrollmentJsonContext.Default.EnrollmentResponse));
}

/// <summary>
/// <c>aurae-compose serve</c>'s enrollment endpoint in-process (Kestrel, HTTPS on loopback with
/// the given certificate): counts the requests that reached it and answers each with <c>answer</c>.
/// </summary>
public sealed class FakeServe : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<EnrollmentRequest> _requests = [];

    private FakeServe(WebApplication app) => _app = app;

    public IPEndPoint Endpoint { get; private set; } = null!;

    public IReadOnlyList<EnrollmentRequest> Requests
    {
        get
        {
            lock (_requests)
                return [.. _requests];
        }
    }

    public static async Task<FakeServe> StartAsync(X509Certificate2 certificate, Func<int, EnrollmentRequest, ServeAnswer> answer)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, endpoint => endpoint.UseHttps(certificate)));
        var app = builder.Build();
        var serve = new FakeServe(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var request = JsonSerializer.Deserialize(await reader.ReadToEndAsync(), EnrollmentJsonContext.Default.EnrollmentRequest)!;
            int number;
            lock (serve._requests)
            {
                serve._requests.Add(request);
                number = serve._requests.Count;
            }
            var reply = answer(number, request);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            if (reply.RetryAfterSeconds is { } seconds)
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await context.Response.WriteAsync(reply.Json);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        serve.Endpoint = new IPEndPoint(IPAddress.Loopback, new Uri(address).Port);
        return serve;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
