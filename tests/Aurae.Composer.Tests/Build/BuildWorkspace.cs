using Aurae.Composer.Pki;
using Aurae.Composer.Tests.Fixtures;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// A temporary directory holding everything a build reads: a PKI for one node (pki/), a test
/// daemon (auraed, see <see cref="TestElf"/>) and node.yaml files that name the real kernel
/// package and the PKI by absolute paths. Builds write under out/.
/// </summary>
public sealed class BuildWorkspace : IDisposable
{
    public const string NodeName = "test-node";

    public BuildWorkspace()
    {
        Root = Directory.CreateTempSubdirectory("aurae-build-test-").FullName;
        KernelDeb = Path.GetFullPath(new RealKernelPackage().Path);
        PkiDirectory = Path.Combine(Root, "pki");
        PkiInitializer.Init(PkiDirectory, [new NodeIdentity(NodeName)]);
        Daemon = WriteFile("auraed", TestElf.Static());
    }

    public string Root { get; }

    /// <summary>The real Debian kernel package (see <see cref="RealKernelPackage"/>), absolute.</summary>
    public string KernelDeb { get; }

    public string PkiDirectory { get; }

    /// <summary>A valid static daemon.</summary>
    public string Daemon { get; }

    public string NodeKeyPath => Path.Combine(PkiDirectory, "nodes", NodeName + ".key");

    public string NodeCertificatePath => Path.Combine(PkiDirectory, "nodes", NodeName + ".crt");

    /// <summary>A path under out/ that no build has written yet.</summary>
    public string OutputDirectory(string name) => Path.Combine(Root, "out", name);

    public string WriteFile(string name, byte[] content)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes a node.yaml for <see cref="NodeName"/> (pxe unless <paramref name="outputs"/> says) and returns its path.</summary>
    public string WriteNodeYaml(
        string fileName = "node.yaml",
        string modules = "[virtio_pci, virtio_net]",
        string compression = "zstd",
        string? pkiDirectory = null,
        string cmdline = "console=ttyS0 panic=-1",
        string outputs = "[pxe]",
        string extra = "")
    {
        var path = Path.Combine(Root, fileName);
        File.WriteAllText(path, $"""
            name: {NodeName}
            kernel:
              deb: {YamlString(KernelDeb)}
              cmdline: {YamlString(cmdline)}
              modules: {modules}
            pki: {YamlString(pkiDirectory ?? PkiDirectory)}
            api:
              listen: 0.0.0.0:8080
            network:
              dhcp: true
            initramfs:
              compression: {compression}
            outputs: {outputs}
            {extra}

            """);
        return path;
    }

    private static string YamlString(string value) => "'" + value.Replace("'", "''") + "'";

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
