using System.Net;
using Aurae.Client;
using Aurae.Composer.Pki;
using Aurae.Contract.Client;
using Aurae.Node.Tests.Support;
using Aurae.Serve.Configuration;
using Aurae.Serve.Enrollment;
using Aurae.Testing;

namespace Aurae.Node.Tests.Fleet;

/// <summary>
/// Two machines booting the enrolling image directly (-kernel, -initrd) with a serve running, one
/// with a forged bootstrap token and one with a genuine token that expired an hour ago.
/// </summary>
public sealed class RefusedEnrollments : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(6);
    // QEMU's default MAC for the first NIC: what the node enrolls with.
    public const string QemuMac = "52:54:00:12:34:56";

    private readonly string _work = Directory.CreateTempSubdirectory("aurae-refused-").FullName;
    private FleetServe? _serve;

    public ClientIdentity Operator { get; private set; } = null!;
    public ServeConfig Serve => _serve!.Config;
    public QemuMachine Forged { get; private set; } = null!;
    public QemuMachine Expired { get; private set; } = null!;
    public IPEndPoint ForgedApi { get; } = new(IPAddress.Loopback, FreePort.Next());
    public IPEndPoint ExpiredApi { get; } = new(IPAddress.Loopback, FreePort.Next());
    public IReadOnlyList<string> ServeLog => _serve!.Log;
    public string EnrollEndpoint => $"10.0.2.2:{Serve.Enroll.Port}";

    public async Task InitializeAsync()
    {
        var pki = Path.Combine(_work, "pki");
        PkiInitializer.Init(pki, []);
        Operator = ClientIdentity.FromPkiDirectory(pki);
        var image = EnrollingImage.Build(_work, pki);
        _serve = await FleetServe.StartAsync(_work, pki, image, [$"- {{ name: n1, profile: fleet, mac: \"{QemuMac}\" }}"]);
        using var authority = EnrollmentAuthority.Load(pki, TimeProvider.System);

        // A token signed with the right key, for the right MAC, that expired an hour ago.
        var expired = new BootstrapTokens(authority.CaKeyPkcs8, TimeSpan.FromMinutes(10), new ShiftedClock(TimeSpan.FromMinutes(-70))).Issue(QemuMac);
        var forged = "v1.eyJtYWMiOiI1Mjo1NDowMDoxMjozNDo1NiIsImV4cCI6NDEwMjQ0NDgwMCwibm9uY2UiOiJBQUFBIn0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var commandLine = File.ReadAllText(Path.Combine(image, "cmdline")).Trim();
        Forged = QemuMachine.BootKernel(Path.Combine(image, "vmlinuz"), Path.Combine(image, "initramfs.img"),
            $"{commandLine} aurae.enroll={EnrollEndpoint} aurae.token={forged}", ForgedApi.Port, "10.0.2.15", 8080);
        Expired = QemuMachine.BootKernel(Path.Combine(image, "vmlinuz"), Path.Combine(image, "initramfs.img"),
            $"{commandLine} aurae.enroll={EnrollEndpoint} aurae.token={expired}", ExpiredApi.Port, "10.0.2.15", 8080);
        await Task.WhenAll(
            Forged.WaitForConsoleAsync($"enrollment: refused by {EnrollEndpoint}", BootTimeout),
            Expired.WaitForConsoleAsync($"enrollment: refused by {EnrollEndpoint}", BootTimeout));
    }

    public async Task DisposeAsync()
    {
        Forged?.Dispose();
        Expired?.Dispose();
        if (_serve is not null)
            await _serve.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
