using System.Net;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Aurae.Contract.Enrollment;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Aurae.Serve.Configuration;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Groups;
using Aurae.Serve.Tftp;

namespace Aurae.Serve.Http;

/// <summary>
/// <c>aurae-compose serve</c>: iPXE scripts and boot files over HTTP, iPXE itself and a chain script
/// over TFTP for plain PXE ROMs, and the enrollment endpoint over HTTPS (certificate from the fleet
/// CA). Every request is logged with the machine's MAC and what it got.
/// </summary>
public sealed class BootServer : IAsyncDisposable
{
    private const string IpxeContentType = "text/plain; charset=utf-8";

    private readonly ServeConfig _config;
    private readonly BootstrapTokens _tokens;
    private readonly EnrollmentDesk _desk;
    private readonly Action<string> _log;
    private readonly WebApplication _web;
    private readonly TftpServer? _tftp;

    private BootServer(ServeConfig config, EnrollmentAuthority authority, Action<string> log, TimeProvider clock)
    {
        _config = config;
        _log = log;
        _tokens = new BootstrapTokens(authority.CaKeyPkcs8, config.TokenLifetime, clock);
        _desk = new EnrollmentDesk(config.Groups, _tokens, authority, new ApprovalDirectory(config.StateDirectory), log);

        var endpointCertificate = authority.CreateEndpointCertificate();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.SetMinimumLevel(LogLevel.None);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // iPXE speaks HTTP/1.1; so does the node's enrollment client.
            kestrel.Listen(config.Http, endpoint => endpoint.Protocols = HttpProtocols.Http1);
            kestrel.Listen(config.Enroll, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http1;
                endpoint.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = endpointCertificate,
                    SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                });
            });
        });
        _web = builder.Build();
        _web.Run(HandleAsync);
        if (config.Tftp is { } tftp)
            _tftp = TftpServer.Start(tftp, ResolveTftp, log);
    }

    /// <summary>Starts listening; fails with the endpoint named when a port cannot be bound.</summary>
    public static async Task<BootServer> StartAsync(ServeConfig config, EnrollmentAuthority authority, Action<string> log, TimeProvider clock)
    {
        var server = new BootServer(config, authority, log, clock);
        try
        {
            await server._web.StartAsync();
        }
        catch (IOException e)
        {
            await server.DisposeAsync();
            throw new IOException($"cannot listen on {config.Http} (http) or {config.Enroll} (enroll): {e.Message}", e);
        }
        log($"serving {config.Profiles.Count} profile(s), {config.Groups.Groups.Count} group(s): http {config.Http}, enroll {config.Enroll} (https)" +
            (config.Tftp is null ? "" : $", tftp {server._tftp!.LocalEndPoint}"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_tftp is not null)
            await _tftp.DisposeAsync();
        await _web.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var peer = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        var onEnrollPort = context.Connection.LocalPort == _config.Enroll.Port && request.IsHttps;
        if (onEnrollPort)
        {
            if (request.Path == EnrollmentProtocol.Path && HttpMethods.IsPost(request.Method))
                await EnrollAsync(context, peer);
            else
                await Reply(context, 404, "text/plain", "not found\n", $"https {peer} {request.Method} {request.Path}: not found");
            return;
        }
        var path = request.Path.Value ?? "/";
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            // 405 only for what this port serves: POST /v1/enroll here (plain HTTP) is not found, not "wrong method".
            if (path is "/boot.ipxe" or "/ipxe" || path.StartsWith("/assets/", StringComparison.Ordinal))
                await Reply(context, 405, "text/plain", "method not allowed\n", $"http {peer} {request.Method} {path}: method not allowed");
            else
                await Reply(context, 404, "text/plain", "not found\n", $"http {peer} {request.Method} {path}: not found");
            return;
        }
        if (path == "/boot.ipxe")
            await Reply(context, 200, IpxeContentType, IpxeScripts.Chain, $"http {peer} GET /boot.ipxe → chain");
        else if (path == "/ipxe")
            await MachineScriptAsync(context, peer);
        else if (path.StartsWith("/assets/", StringComparison.Ordinal))
            await AssetAsync(context, peer, path);
        else
            await Reply(context, 404, "text/plain", "not found\n", $"http {peer} GET {path}: not found");
    }

    private async Task MachineScriptAsync(HttpContext context, string peer)
    {
        MachineFacts machine;
        try
        {
            var query = context.Request.Query;
            machine = new MachineFacts(query["mac"], query["uuid"], query["hostname"]);
        }
        catch (FormatException e)
        {
            await Reply(context, 400, "text/plain", e.Message + "\n", $"http {peer} GET /ipxe: {e.Message}");
            return;
        }
        if (_config.Groups.Select(machine) is not { } group)
        {
            await Reply(context, 404, IpxeContentType, IpxeScripts.NoProfile(machine), $"http {peer} GET /ipxe {machine}: no group selects it");
            return;
        }
        if (machine.Mac is null)
        {
            await Reply(context, 400, "text/plain", "the script needs the machine's MAC (?mac=)\n", $"http {peer} GET /ipxe {machine}: no MAC");
            return;
        }
        var profile = _config.Profiles[group.Profile];
        var script = IpxeScripts.Boot(profile, machine.Mac, EnrollEndpoint(context), _tokens.Issue(machine.Mac));
        await Reply(context, 200, IpxeContentType, script,
            $"http {peer} GET /ipxe {machine} → profile {profile.Name} (group {group.Name}), bootstrap token valid {_tokens.Lifetime.TotalMinutes:0.#} min");
    }

    private async Task AssetAsync(HttpContext context, string peer, string path)
    {
        var parts = path["/assets/".Length..].Split('/');
        if (parts.Length != 2 || !_config.Profiles.TryGetValue(parts[0], out var profile) || !BootProfile.ServedFiles.Contains(parts[1]))
        {
            await Reply(context, 404, "text/plain", "not found\n", $"http {peer} GET {path}: not found");
            return;
        }
        var file = new FileInfo(Path.Combine(profile.Directory, parts[1]));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Length;
        var mac = MacAddressText.Normalize(context.Request.Query["mac"].ToString());
        _log($"http {peer} {context.Request.Method} {path}{(mac is null ? "" : $" mac={mac}")} → {file.Length} bytes");
        if (HttpMethods.IsGet(context.Request.Method))
            await context.Response.SendFileAsync(file.FullName, context.RequestAborted);
    }

    private async Task EnrollAsync(HttpContext context, string peer)
    {
        EnrollmentRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, EnrollmentJsonContext.Default.EnrollmentRequest, context.RequestAborted);
        }
        catch (JsonException e)
        {
            request = null;
            _log($"enroll {peer}: not JSON ({e.Message})");
        }
        var outcome = request is null ? EnrollmentOutcome.Malformed("the body is not an enrollment request (JSON)") : _desk.Decide(request, peer);
        context.Response.StatusCode = outcome.StatusCode;
        context.Response.ContentType = "application/json";
        if (outcome.StatusCode == 202)
            context.Response.Headers.RetryAfter = "2";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(outcome.Response, EnrollmentJsonContext.Default.EnrollmentResponse));
    }

    /// <summary>The enrollment endpoint as the machine can reach it: the advertised address, else the one it reached us at.</summary>
    private string EnrollEndpoint(HttpContext context)
    {
        var address = _config.Advertise
            ?? (IPAddress.TryParse(context.Request.Host.Host.Trim('[', ']'), out var fromHost) ? fromHost : context.Connection.LocalIpAddress!);
        return new IPEndPoint(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address, _config.Enroll.Port).ToString();
    }

    private TftpFile? ResolveTftp(string name, IPEndPoint client)
    {
        if (name == "boot.ipxe")
        {
            // Fetched over TFTP, a relative URL would stay on TFTP: name the HTTP side in full.
            // (ServeConfigLoader requires advertise when HTTP listens on a wildcard address.)
            var address = _config.Advertise ?? _config.Http.Address;
            var script = Encoding.UTF8.GetBytes(IpxeScripts.ChainTo($"http://{new IPEndPoint(address, _config.Http.Port)}/ipxe"));
            return new TftpFile(script.Length, () => new MemoryStream(script, writable: false));
        }
        if (name is "undionly.kpxe" or "ipxe.efi" or "ipxe.pxe" or "snponly.efi")
        {
            var path = Path.Combine(_config.IpxeDirectory ?? ServeConfigLoader.DefaultIpxeDirectory, name);
            if (!File.Exists(path))
            {
                _log($"tftp {client}: {name} not found at {path} (install Debian's ipxe package, or set ipxe: in serve.yaml)");
                return null;
            }
            return new TftpFile(new FileInfo(path).Length, () => File.OpenRead(path));
        }
        return null;
    }

    private async Task Reply(HttpContext context, int status, string contentType, string body, string logLine)
    {
        _log(logLine);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
            await context.Response.Body.WriteAsync(bytes);
    }
}
