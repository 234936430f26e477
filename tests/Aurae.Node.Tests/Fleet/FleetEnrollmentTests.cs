using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Api.Discovery.V0;
using Aurae.Cli;
using Aurae.Cli.Output;
using Aurae.Contract.Client;

namespace Aurae.Node.Tests.Fleet;

/// <summary>Three machines, one image: each enrolled with its own key and a certificate naming it.</summary>
public sealed class FleetEnrollmentTests(EnrollingFleet fleet) : IClassFixture<EnrollingFleet>
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_node_answers_under_its_own_name_with_its_own_certificate_from_the_fleet_ca()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in EnrollingFleet.Machines)
        {
            // The channel checks the node's certificate against the CA and the name: no trust on first use.
            using var channel = fleet.OperatorChannel(name);
            var response = await new DiscoveryService.DiscoveryServiceClient(channel)
                .DiscoverAsync(new DiscoverRequest(), deadline: DateTime.UtcNow + CallTimeout);
            Assert.Equal(name, response.Node.Hostname);

            using var certificate = await ServerCertificate(fleet.ApiEndpoints[name]);
            Assert.Equal($"CN={name}", certificate.Subject);
            Assert.Equal(new X509Certificate2(fleet.Operator.CertificateAuthority).Subject, certificate.Issuer);
            Assert.True(keys.Add(Convert.ToHexString(certificate.GetPublicKey())), $"{name} shares its key with another node");
        }
        Assert.Equal(3, keys.Count);
    }

    [Fact]
    public async Task The_operators_aurae_reaches_all_three_by_name_without_insecure()
    {
        var directory = Directory.CreateTempSubdirectory("aurae-fleet-cli-").FullName;
        try
        {
            var config = Path.Combine(directory, "config.yaml");
            var pki = new Aurae.Composer.Pki.PkiDirectory(fleet.PkiDirectory);
            ClientConfigWriter.Write(config, new ClientConfig("fleet", [new ClientContext("fleet", pki.CaCertificatePath,
                pki.OperatorCertificatePath, pki.OperatorKeyPath,
                [.. EnrollingFleet.Machines.Select(m => new NodeTarget(m.Name, fleet.ApiEndpoints[m.Name]))])]));

            var stdout = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            var code = await AuraeCommandLine.RunAsync(["--config", config, "-n", "a,b,c", "node", "info"], new CliConsole(stdout, stderr));

            Assert.True(code == 0, $"aurae exited {code}: {stderr}");
            foreach (var (name, _) in EnrollingFleet.Machines)
                Assert.Contains(stdout.ToString().Split('\n'), line => line.StartsWith(name, StringComparison.Ordinal) && line.Contains($"hostname:   {name}", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Serve_logged_each_machine_by_mac_what_it_got_and_its_enrollment()
    {
        var log = fleet.ServeLog;
        foreach (var (name, mac) in EnrollingFleet.Machines)
        {
            Assert.Contains(log, line => line.Contains($"GET /ipxe mac={mac}", StringComparison.Ordinal) && line.Contains($"(group {name})", StringComparison.Ordinal));
            Assert.Contains(log, line => line.Contains($"GET /assets/fleet/initramfs.img mac={mac} → ", StringComparison.Ordinal));
            Assert.Contains(log, line => line.Contains($"{mac}: enrolled as {name}", StringComparison.Ordinal));
        }
        // c came through TFTP first: serve handed it the chain script there.
        Assert.Contains(log, line => line.StartsWith("tftp ", StringComparison.Ordinal) && line.Contains("RRQ boot.ipxe", StringComparison.Ordinal));
    }

    [Fact]
    public void No_private_key_is_in_the_image_or_was_served()
    {
        // zstd frames, one after another (the image's three archives), decompressed by the zstd tool.
        var zstd = new System.Diagnostics.ProcessStartInfo(Support.TestEnvironment.Tool("zstd", "zstd"))
        {
            ArgumentList = { "-dc", Path.Combine(fleet.ImageDirectory, "initramfs.img") },
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(zstd)!;
        using var decompressed = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(decompressed);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        var text = System.Text.Encoding.Latin1.GetString(decompressed.ToArray());
        Assert.Contains("etc/aurae/pki/ca.crt", text);
        Assert.DoesNotContain("-----BEGIN PRIVATE KEY-----", text);
        Assert.DoesNotContain("-----BEGIN EC PRIVATE KEY-----", text);
        Assert.DoesNotContain("etc/aurae/pki/node.key", text);
    }

    [Theory]
    [InlineData("undionly.kpxe")]
    [InlineData("ipxe.efi")]
    public async Task Serve_hands_out_debians_ipxe_over_tftp_to_plain_pxe_roms(string file)
    {
        var expected = File.ReadAllBytes(Path.Combine("/usr/lib/ipxe", file)); // Debian's ipxe package (scripts/test installs it)
        var target = Path.Combine(Directory.CreateTempSubdirectory("aurae-tftp-").FullName, file);
        var curl = new System.Diagnostics.ProcessStartInfo(Support.TestEnvironment.Tool("curl", "curl"))
        {
            ArgumentList = { "--silent", "--show-error", "--output", target, $"tftp://127.0.0.1:{fleet.Serve.Tftp!.Port}/{file}" },
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(curl)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"curl exited {process.ExitCode}: {error}");
        Assert.Equal(expected, File.ReadAllBytes(target));
        Directory.Delete(Path.GetDirectoryName(target)!, recursive: true);
    }

    [Fact]
    public async Task A_pxe_stack_gets_debians_ipxe_from_serves_tftp_and_starts_it()
    {
        // QEMU's NIC ROM is a PXE stack; serve hands it undionly.kpxe, which runs on top of it. (It
        // would then ask DHCP again: a site's DHCP server tells it to fetch boot.ipxe, see README;
        // QEMU's user network cannot, so the test stops once Debian's iPXE is running.)
        using var machine = Support.QemuMachine.Start(
        [
            "-boot", "n",
            "-netdev", $"user,id=n0,bootfile=tftp://10.0.2.2:{fleet.Serve.Tftp!.Port}/undionly.kpxe",
            "-device", "virtio-net-pci,netdev=n0,mac=52:54:00:a0:00:0d",
        ]);
        var size = new FileInfo("/usr/lib/ipxe/undionly.kpxe").Length;
        await machine.WaitForConsoleAsync($"undionly.kpxe : {size} bytes [PXE-NBP]", TimeSpan.FromMinutes(2));
        await machine.WaitForConsoleAsync("using undionly on", TimeSpan.FromMinutes(2));
        Assert.Contains(fleet.ServeLog, line => line.Contains($"RRQ undionly.kpxe (octet", StringComparison.Ordinal) && line.Contains($"→ {size} bytes", StringComparison.Ordinal));
    }

    private static async Task<X509Certificate2> ServerCertificate(System.Net.IPEndPoint endpoint)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint);
        X509Certificate2? seen = null;
        using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            seen = certificate is null ? null : new X509Certificate2(certificate);
            return true; // only looking: the test above checks trust through the real client
        });
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "node", ApplicationProtocols = [SslApplicationProtocol.Http2] });
        }
        catch (Exception e) when (e is IOException or AuthenticationException)
        {
            // The node requires a client certificate; the server's own was seen before that failed.
        }
        return seen ?? throw new InvalidOperationException($"no server certificate from {endpoint}");
    }
}
