using System.Text;
using Aurae.Composer.Pki;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.CommandLine;
using Aurae.Composer.Tests.Fixtures;
using Xunit.Abstractions;

namespace Aurae.Composer.Tests.Corpus;

/// <summary>
/// Broken files a valid node.yaml points at (a truncated kernel package, modules that are not
/// ELF or not xz, a broken PKI, a daemon that is not a static ELF), through the real command
/// line: exit 1, a message naming the file and what is wrong, and nothing written.
/// </summary>
[Collection(RealKernelPackageCollection.Name)]
public sealed class BrokenInputTests(RealKernelPackage kernel, BuildWorkspace workspace, ITestOutputHelper log)
    : IClassFixture<BuildWorkspace>
{
    // The release the package's control file names: the broken modules below must be of the kernel's
    // own release, or the build stops at the release check before it reaches them.
    private string Release => kernel.Package.Release;

    /// <summary>Where in the real package to cut it: inside the ar header, control.tar, data.tar.xz.</summary>
    public static TheoryData<string> Cuts => new() { "ar-header", "control-tar", "data-tar-start", "data-tar-middle", "data-tar-last-byte" };

    [Theory]
    [MemberData(nameof(Cuts))]
    public void A_truncated_kernel_package_is_named(string cut)
    {
        var whole = File.ReadAllBytes(kernel.Path);
        var members = ArMembers(whole);
        var (_, controlStart, controlSize) = members.Single(m => m.Name.StartsWith("control.tar", StringComparison.Ordinal));
        var (_, dataStart, dataSize) = members.Single(m => m.Name.StartsWith("data.tar", StringComparison.Ordinal));
        var length = cut switch
        {
            "ar-header" => 8 + 30,
            "control-tar" => controlStart + controlSize / 2,
            "data-tar-start" => dataStart + 4096,
            "data-tar-middle" => dataStart + dataSize / 2,
            "data-tar-last-byte" => dataStart + dataSize - 1,
            _ => throw new ArgumentOutOfRangeException(nameof(cut), cut, null),
        };
        var deb = workspace.WriteFile($"truncated-{cut}.deb", whole.AsSpan(0, (int)length).ToArray());

        var result = Refused($"truncated-{cut}", NodeYaml($"truncated-{cut}", $"deb: {Quote(deb)}"));

        Assert.StartsWith($"aurae-compose: error: {deb}: truncated ", result.Error);
    }

    [Fact]
    public void A_kernel_package_with_corrupt_xz_data_is_named()
    {
        // Same length, so the ar sizes agree: only the xz decoder (its checks) can notice.
        var bytes = File.ReadAllBytes(kernel.Path);
        var (_, dataStart, dataSize) = ArMembers(bytes).Single(m => m.Name.StartsWith("data.tar", StringComparison.Ordinal));
        bytes.AsSpan((int)(dataStart + dataSize / 2), 64).Fill(0x5A);
        var deb = workspace.WriteFile("corrupt-data.deb", bytes);

        var result = Refused("corrupt-data", NodeYaml("corrupt-data", $"deb: {Quote(deb)}"));

        Assert.StartsWith($"aurae-compose: error: {deb}: ", result.Error);
        Assert.Contains("data.tar.xz", FailedBuildRun.FirstLine(result.Error));
    }

    [Fact]
    public void A_kernel_module_that_is_not_elf_is_named()
    {
        var directory = KernelDirectory("not-elf");
        var module = Put(directory, $"lib/modules/{Release}/kernel/drivers/x.ko", "this is a text file, not a kernel module\n"u8);

        var result = Refused("module-not-elf", NodeYaml("module-not-elf", $"directory: {Quote(directory)}", modules: "[]"));

        Assert.Contains($"{directory}: lib/modules/{Release}/kernel/drivers/x.ko: not an ELF file", FailedBuildRun.FirstLine(result.Error));
        Assert.True(File.Exists(module));
    }

    [Fact]
    public void A_compressed_module_that_is_not_xz_is_named()
    {
        var directory = KernelDirectory("not-xz");
        Put(directory, $"lib/modules/{Release}/kernel/drivers/x.ko.xz", "plain text, not xz\n"u8);

        var result = Refused("module-not-xz", NodeYaml("module-not-xz", $"directory: {Quote(directory)}", modules: "[]"));

        Assert.Contains($"{directory}: lib/modules/{Release}/kernel/drivers/x.ko.xz: cannot decompress", FailedBuildRun.FirstLine(result.Error));
    }

    [Fact]
    public void A_missing_node_key_is_named()
    {
        var pki = CopyOfPki("pki-no-key");
        var key = Path.Combine(pki, "nodes", BuildWorkspace.NodeName + ".key");
        File.Delete(key);

        var result = Refused("pki-no-key", NodeYaml("pki-no-key", pki: pki));

        Assert.Contains($"'{key}' not found: run `aurae-compose pki init {pki} --node {BuildWorkspace.NodeName}`", result.Error);
    }

    [Fact]
    public void A_node_key_that_is_not_pem_is_named()
    {
        var pki = CopyOfPki("pki-garbled-key");
        var key = Path.Combine(pki, "nodes", BuildWorkspace.NodeName + ".key");
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nthis is not base64 at all!\n-----END PRIVATE KEY-----\n");

        var result = Refused("pki-garbled-key", NodeYaml("pki-garbled-key", pki: pki));

        Assert.Contains($"'{key}' does not contain a valid PEM ECDSA private key", FailedBuildRun.FirstLine(result.Error));
        Assert.DoesNotContain("(Parameter", result.Error);
    }

    [Fact]
    public void A_garbled_ca_certificate_is_named()
    {
        var pki = CopyOfPki("pki-garbled-ca");
        var ca = Path.Combine(pki, "ca.crt");
        File.WriteAllBytes(ca, File.ReadAllBytes(ca).AsSpan(0, 200).ToArray());

        var result = Refused("pki-garbled-ca", NodeYaml("pki-garbled-ca", pki: pki));

        Assert.Contains($"'{ca}' contains no PEM '-----BEGIN CERTIFICATE-----' block", FailedBuildRun.FirstLine(result.Error));
    }

    [Fact]
    public void A_missing_ca_certificate_is_named()
    {
        var pki = CopyOfPki("pki-no-ca");
        var ca = Path.Combine(pki, "ca.crt");
        File.Delete(ca);

        var result = Refused("pki-no-ca", NodeYaml("pki-no-ca", pki: pki));

        Assert.Contains($"'{ca}' not found", FailedBuildRun.FirstLine(result.Error));
    }

    [Fact]
    public void A_node_certificate_from_another_ca_is_named()
    {
        var pki = CopyOfPki("pki-foreign-node");
        var other = Path.Combine(workspace.Root, "pki-other-ca");
        PkiInitializer.Init(other, [new NodeIdentity(BuildWorkspace.NodeName)]);
        foreach (var suffix in new[] { ".crt", ".key" })
            File.Copy(Path.Combine(other, "nodes", BuildWorkspace.NodeName + suffix), Path.Combine(pki, "nodes", BuildWorkspace.NodeName + suffix), overwrite: true);
        var certificate = Path.Combine(pki, "nodes", BuildWorkspace.NodeName + ".crt");

        var result = Refused("pki-foreign-node", NodeYaml("pki-foreign-node", pki: pki));

        Assert.Contains($"'{certificate}' does not verify against '{Path.Combine(pki, "ca.crt")}'", FailedBuildRun.FirstLine(result.Error));
    }

    [Fact]
    public void A_daemon_that_is_a_text_file_is_named()
    {
        var daemon = workspace.WriteFile("auraed-script", TestElf.NotElf());

        var result = Refused("daemon-text", NodeYaml("daemon-text"), daemon);

        Assert.Contains($"daemon binary '{daemon}' is not an ELF executable", result.Error);
    }

    [Fact]
    public void A_daemon_that_is_dynamically_linked_is_named()
    {
        var daemon = workspace.WriteFile("auraed-dynamic", TestElf.Dynamic());

        var result = Refused("daemon-dynamic", NodeYaml("daemon-dynamic"), daemon);

        Assert.Contains($"daemon binary '{daemon}' is dynamically linked", result.Error);
    }

    private CliResult Refused(string caseName, string nodeYaml, string? daemon = null)
    {
        var result = FailedBuildRun.Run(workspace, caseName, nodeYaml, daemon);
        log.WriteLine($"{caseName}: exit {result.ExitCode}: {FailedBuildRun.FirstLine(result.Error)}");
        FailedBuildRun.AssertIsCleanError(result);
        return result;
    }

    private string NodeYaml(string caseName, string? kernelSource = null, string modules = "[virtio_net]", string? pki = null)
    {
        var path = Path.Combine(workspace.Root, caseName + ".yaml");
        File.WriteAllText(path, $"""
            name: {BuildWorkspace.NodeName}
            kernel:
              {kernelSource ?? "deb: " + Quote(workspace.KernelDeb)}
              modules: {modules}
            pki: {Quote(pki ?? workspace.PkiDirectory)}
            initramfs: {"{compression: none}"}
            outputs: [pxe]

            """);
        return path;
    }

    /// <summary>An installed-kernel directory: the real vmlinuz and config, and an empty module tree.</summary>
    private string KernelDirectory(string name)
    {
        var directory = Path.Combine(workspace.Root, "kernel-" + name);
        Put(directory, $"vmlinuz-{Release}", kernel.Package.Vmlinuz.Span);
        Put(directory, $"config-{Release}", Encoding.UTF8.GetBytes(kernel.Package.Config));
        return directory;
    }

    private string CopyOfPki(string name)
    {
        var copy = Path.Combine(workspace.Root, name);
        foreach (var file in Directory.GetFiles(workspace.PkiDirectory, "*", SearchOption.AllDirectories))
            Put(copy, Path.GetRelativePath(workspace.PkiDirectory, file), File.ReadAllBytes(file));
        return copy;
    }

    private static string Put(string directory, string relative, ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content.ToArray());
        return path;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>The members of an ar archive: name, offset of the data, size.</summary>
    private static List<(string Name, long Start, long Size)> ArMembers(byte[] archive)
    {
        Assert.Equal("!<arch>\n", Encoding.ASCII.GetString(archive, 0, 8));
        var members = new List<(string, long, long)>();
        for (long header = 8; header + 60 <= archive.Length;)
        {
            var name = Encoding.ASCII.GetString(archive, (int)header, 16).TrimEnd(' ', '/');
            var size = long.Parse(Encoding.ASCII.GetString(archive, (int)header + 48, 10).Trim());
            members.Add((name, header + 60, size));
            header += 60 + size + (size % 2);
        }
        return members;
    }
}
