using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Composer.Pki;
using Aurae.Serve.Configuration;

namespace Aurae.Serve.Tests;

/// <summary>
/// A temporary directory for serve: a fleet PKI made by <see cref="PkiInitializer"/> (pki/), profile
/// directories holding small stand-ins for a pxe build (vmlinuz, initramfs.img, cmdline) and
/// serve.yaml files that name them. Removed afterwards.
/// </summary>
public sealed class ServeTestSite : IDisposable
{
    public ServeTestSite()
    {
        Root = Directory.CreateTempSubdirectory("aurae-serve-test-").FullName;
        PkiDirectory = Path.Combine(Root, "pki");
        PkiInitializer.Init(PkiDirectory, []);
    }

    public string Root { get; }

    public string PkiDirectory { get; }

    public string CaCertificatePath => Path.Combine(PkiDirectory, "ca.crt");

    public string StateDirectory => Path.Combine(Root, "state");

    /// <summary>A profile directory with three small files; returns its absolute path.</summary>
    public string Profile(string name, string cmdline = "console=ttyS0 panic=-1", bool withKernel = true, bool withInitramfs = true, bool withCmdline = true)
    {
        var directory = Path.Combine(Root, "images", name);
        Directory.CreateDirectory(directory);
        if (withKernel)
            File.WriteAllBytes(Path.Combine(directory, BootProfile.KernelFile), KernelBytes(name));
        if (withInitramfs)
            File.WriteAllBytes(Path.Combine(directory, BootProfile.InitramfsFile), [0x28, 0xb5, 0x2f, 0xfd, .. "initramfs of "u8.ToArray(), .. System.Text.Encoding.ASCII.GetBytes(name)]);
        if (withCmdline)
            File.WriteAllText(Path.Combine(directory, BootProfile.CommandLineFile), cmdline + "\n");
        return directory;
    }

    /// <summary>What <see cref="Profile"/> writes as the profile's vmlinuz (every byte value, so nothing is text-mangled unseen).</summary>
    public static byte[] KernelBytes(string name) =>
        [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. System.Text.Encoding.ASCII.GetBytes("kernel of " + name), 0, 0xff];

    /// <summary>Writes serve.yaml (or another name) into the site and returns its path.</summary>
    public string WriteYaml(string yaml, string fileName = "serve.yaml")
    {
        var path = Path.Combine(Root, fileName);
        File.WriteAllText(path, yaml);
        return path;
    }

    /// <summary>
    /// A serve.yaml with profile <c>worker</c>, group <c>node-a</c> (its MAC 52:54:00:12:34:56) and,
    /// unless <paramref name="defaultGroup"/> is false, a default group <c>rest</c>.
    /// </summary>
    /// <param name="host">The address both listen on, as written in an endpoint (IPv6 in brackets).</param>
    public string StandardYaml(int httpPort = 8080, int enrollPort = 8443, string? advertise = null, bool defaultGroup = true, string ttl = "15m", string host = "127.0.0.1")
    {
        Profile("worker");
        return WriteYaml($"""
            listen:
              http: '{host}:{httpPort}'
              enroll: '{host}:{enrollPort}'
            {(advertise is null ? "" : $"advertise: {advertise}")}
            pki: {Quote(PkiDirectory)}
            state: {Quote(StateDirectory)}
            token_ttl: {ttl}
            profiles:
              worker: {Quote(Path.Combine(Root, "images", "worker"))}
            groups:
              - name: node-a
                profile: worker
                mac: 52:54:00:12:34:56
            {(defaultGroup ? "  - {name: rest, profile: worker}" : "")}

            """);
    }

    public static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>Distinct TCP ports nothing listens on right now (the OS picks them).</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Stop();
        }
    }

    /// <summary>A PKCS#10 request as the node makes it: ECDSA P-256, subject CN=MAC.</summary>
    public static string Csr(ECDsa key, string subject = "CN=52:54:00:12:34:56") =>
        new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequestPem();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not fail a test.
        }
    }
}
