using Aurae.Contract.Client;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Aurae.Api.Artifacts.V0;
using Aurae.Api.Cells.V0;
using Aurae.Api.Discovery.V0;
using Aurae.Api.Node.V0;
using Aurae.Client;
using Aurae.Composer.Pki;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Aurae.Node.Tests.Hostile;

/// <summary>
/// Who the node refuses, as one table: certificates refused at the TLS handshake (none, another
/// CA, expired, not yet valid, wrong usage, a self-signed look-alike), certificates that pass TLS
/// but carry no usable role, a reader attempting every kind of admin call, and the admin as control.
/// </summary>
public sealed class TlsRefusalTests(HostileNode node, ITestOutputHelper output) : IClassFixture<HostileNode>
{
    private const string Handshake = "Unavailable (handshake)";
    private const string Denied = "PermissionDenied";
    private const string Ok = "OK";

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    private sealed record Row(string Case, string Expected, string Got, string Detail);

    [Fact]
    public async Task Every_odd_client_is_refused_and_the_admin_is_not()
    {
        var odd = new OddClientCertificates(node.PkiDirectory, seed: 6);
        var otherPki = Directory.CreateTempSubdirectory("aurae-other-ca-").FullName;
        var rows = new List<Row>();
        try
        {
            PkiInitializer.Init(otherPki, []);
            var caPaths = new PkiDirectory(node.PkiDirectory);

            // Refused at the handshake: the node logs why, by the certificate's subject.
            // Kestrel refuses a missing certificate itself, before the daemon's policy (which logs) is asked.
            await HandshakeCase(rows, "no client certificate", null, logged: null);
            await HandshakeCase(rows, "certificate from another CA", ClientIdentity.FromPkiDirectory(otherPki).Certificate,
                "'CN=operator, O=admin' rejected");
            await HandshakeCase(rows, "expired, signed by the right CA", odd.Expired("expired-client"),
                "'CN=expired-client, O=admin' rejected:", "NotTimeValid");
            await HandshakeCase(rows, "not yet valid, signed by the right CA", odd.NotYetValid("future-client"),
                "'CN=future-client, O=admin' rejected:", "NotTimeValid");
            await HandshakeCase(rows, "right CA, serverAuth usage only (no clientAuth)", odd.ServerAuthOnly("server-usage-client"),
                "'CN=server-usage-client, O=admin' rejected:", "NotValidForUsage");
            await HandshakeCase(rows, "self-signed, operator's exact subject", odd.SelfSignedOperator(),
                "'CN=operator, O=admin' rejected");

            // Past TLS, but no role the daemon knows: denied even a read.
            await RoleCase(rows, "right CA, no O (no role)", odd.WithOrganization("roleless", null), "CN=roleless");
            await RoleCase(rows, "right CA, O=Admin (wrong case)", odd.WithOrganization("shouty", "Admin"), "CN=shouty");
            await RoleCase(rows, "right CA, O=root (unknown role)", odd.WithOrganization("rooty", "root"), "CN=rooty");
            // The CA's own certificate has no EKU (so any usage) and no O: it may connect, not act.
            await RoleCase(rows, "the CA certificate itself", X509Certificate2.CreateFromPemFile(caPaths.CaCertificatePath, caPaths.CaKeyPath), "CN=aurae-ca");

            // A reader: may look, may not act.
            using (var reader = node.ReaderChannel())
            {
                foreach (var (name, call) in AdminCalls(reader, "by-reader"))
                    rows.Add(await Attempt($"reader: {name}", Denied, call));
                rows.Add(await Attempt("reader: discover (control)", Ok, () => Discover(reader)));
            }

            // Control: the admin is let in and may act.
            using (var admin = node.OperatorChannel())
            {
                rows.Add(await Attempt("admin: discover", Ok, () => Discover(admin)));
                rows.Add(await Attempt("admin: allocate a cell", Ok, () => new CellService.CellServiceClient(admin)
                    .AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = "by-admin" } }, deadline: Deadline()).ResponseAsync));
                rows.Add(await Attempt("admin: free the cell", Ok, () => new CellService.CellServiceClient(admin)
                    .FreeAsync(new CellServiceFreeRequest { CellName = "by-admin" }, deadline: Deadline()).ResponseAsync));
            }
        }
        finally
        {
            Directory.Delete(otherPki, recursive: true);
            output.WriteLine(Table(rows));
        }

        Assert.All(rows, row => Assert.True(row.Got == row.Expected, $"{row.Case}: expected {row.Expected}, got {row.Got} ({row.Detail})"));
        var refused = rows.Count(r => r.Expected != Ok);
        output.WriteLine($"{refused} attempts refused, {rows.Count - refused} allowed");
        Assert.True(refused >= 18, $"only {refused} refusal cases ran");
    }

    /// <summary>Every admin-only kind of call, harmless if a bug let it through (except power, which would show).</summary>
    private static IEnumerable<(string, Func<Task>)> AdminCalls(GrpcChannel channel, string name)
    {
        var cells = new CellService.CellServiceClient(channel);
        var artifacts = new ArtifactService.ArtifactServiceClient(channel);
        var power = new NodeService.NodeServiceClient(channel);
        yield return ("allocate a cell", () => cells.AllocateAsync(new CellServiceAllocateRequest { Cell = new Cell { Name = name } }, deadline: Deadline()).ResponseAsync);
        yield return ("free a cell", () => cells.FreeAsync(new CellServiceFreeRequest { CellName = name }, deadline: Deadline()).ResponseAsync);
        yield return ("push an artifact", () => ArtifactUploader.PushAsync(artifacts,
            new PushHeader { Name = name, Sha256 = new string('0', 64), Size = 1 }, new MemoryStream([1])));
        yield return ("delete an artifact", () => artifacts.DeleteAsync(new DeleteRequest { Name = name }, deadline: Deadline()).ResponseAsync);
        var images = new Aurae.Api.Images.V0.ImageService.ImageServiceClient(channel);
        yield return ("import an image", () => images.ImportAsync(new Aurae.Api.Images.V0.ImportRequest { Artifact = name }, deadline: Deadline()).ResponseAsync);
        yield return ("remove an image", () => images.RemoveAsync(new Aurae.Api.Images.V0.RemoveRequest { Name = name }, deadline: Deadline()).ResponseAsync);
        yield return ("start an executable", () => cells.StartAsync(new CellServiceStartRequest
            { CellName = name, Executable = new Executable { Name = "x", Argv = { "/init" } } }, deadline: Deadline()).ResponseAsync);
        yield return ("stop an executable", () => cells.StopAsync(new CellServiceStopRequest { CellName = name, ExecutableName = "x" }, deadline: Deadline()).ResponseAsync);
        yield return ("power off", () => power.PoweroffAsync(new PoweroffRequest(), deadline: Deadline()).ResponseAsync);
        yield return ("reboot", () => power.RebootAsync(new RebootRequest(), deadline: Deadline()).ResponseAsync);
    }

    private async Task HandshakeCase(List<Row> rows, string name, X509Certificate2? certificate, string? logged, string? reason = null)
    {
        using var channel = node.ChannelPresenting(certificate);
        var row = await Attempt(name, Handshake, () => Discover(channel));
        // The node's own account of the refusal, so the right property caused it.
        var line = logged is null ? "" : await ConsoleLineAsync(logged);
        if (line is null)
            row = row with { Got = row.Got + ", not logged", Detail = $"no console line with \"{logged}\"; {row.Detail}" };
        else if (reason is not null && !line.Contains(reason, StringComparison.Ordinal))
            row = row with { Got = row.Got + $", not for {reason}", Detail = line };
        rows.Add(row);
    }

    private async Task RoleCase(List<Row> rows, string name, X509Certificate2 certificate, string who)
    {
        using var channel = node.ChannelPresenting(certificate);
        var row = await Attempt(name, Denied, () => Discover(channel));
        if (row.Got == Denied && !row.Detail.Contains($"client ({who}) has no role", StringComparison.Ordinal))
            row = row with { Got = Denied + ", other reason" };
        rows.Add(row);
    }

    private static async Task<Row> Attempt(string name, string expected, Func<Task> call)
    {
        try
        {
            await call();
            return new Row(name, expected, Ok, "");
        }
        catch (RpcException e)
        {
            // The handshake refusal reaches the client as a transport failure, never as a status the server sent.
            // A refused handshake fails the connection under the call: the client makes the status
            // from that transport error (Unavailable, or Internal when TLS 1.3 let the request start).
            var got = e.StatusCode is StatusCode.Unavailable or StatusCode.Internal && e.Status.DebugException is not null
                ? Handshake : e.StatusCode.ToString();
            return new Row(name, expected, got, e.Status.Detail);
        }
    }

    private static Task Discover(GrpcChannel channel) =>
        new DiscoveryService.DiscoveryServiceClient(channel).DiscoverAsync(new DiscoverRequest(), deadline: Deadline()).ResponseAsync;

    private async Task<string?> ConsoleLineAsync(string text)
    {
        for (var waited = 0; waited < 50; waited++)
        {
            var line = node.Machine.Console.Split('\n').LastOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
                return line.Trim();
            await Task.Delay(100);
        }
        return null;
    }

    private static string Table(List<Row> rows)
    {
        var width = rows.Select(r => r.Case.Length).Append(4).Max();
        var text = new StringBuilder().AppendLine($"{"case".PadRight(width)}  {"expected",-24}  got");
        foreach (var row in rows)
            text.AppendLine($"{row.Case.PadRight(width)}  {row.Expected,-24}  {row.Got}{(row.Got == row.Expected ? "" : "   <-- " + row.Detail)}");
        return text.ToString();
    }
}
