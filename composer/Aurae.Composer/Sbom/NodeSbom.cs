using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aurae.Composer.Caching;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.Initramfs;
using Aurae.Composer.Outputs;
using Aurae.Composer.Pki;
using Aurae.Images.Deb;

namespace Aurae.Composer.Sbom;

/// <summary>
/// The software bill of materials of one build, NAME.cdx.json (CycloneDX 1.5): the kernel package
/// and version, every module carried with its hash and whether it loads at boot, auraed with its
/// version and the packages it was built from, the boot loader files the outputs use with the
/// Debian packages they came from, and the certificates by fingerprint. Never a key.
/// </summary>
public static class NodeSbom
{
    public static string FileName(string nodeName) => $"{nodeName}.cdx.json";

    public static void Write(StagedOutputDirectory output, ComposedNode node, KernelSource kernelSource, IReadOnlyList<OutputKind> outputs,
        bool usesEfiStub, DaemonBinary daemon, ImagePki pki, DpkgDatabase dpkg)
    {
        ArgumentNullException.ThrowIfNull(output);
        var components = new List<SbomComponent>();
        var kernel = Kernel(node, kernelSource);
        components.Add(kernel);

        var loaded = node.Modules.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var modules = node.CarriedModules.OrderBy(m => m.Name, StringComparer.Ordinal).Select(module =>
            new SbomComponent("device-driver", $"module:{module.Name}", module.Name)
            {
                Version = node.Kernel.Release,
                Hashes = [Sha256(module.Content.Span)],
                Properties =
                [
                    ("aurae:path", InitramfsImage.ModulePath(node.Kernel.Release, module)),
                    ("aurae:loaded-at-boot", loaded.Contains(module.Name) ? "true" : "false"),
                ],
            }).ToList();
        components.AddRange(modules);

        var daemonName = Path.GetFileName(daemon.Path);
        var packages = DaemonPackages.Read(DaemonPackages.PathFor(daemon.Path), daemonName);
        var auraed = new SbomComponent("application", "auraed", "auraed")
        {
            Version = packages?.DaemonVersion,
            Description = "The node's init and API daemon, /init in the initramfs.",
            Hashes = [Sha256(daemon.Content.Span)],
            Properties = [("aurae:path", "/init"), ("aurae:packages", packages is null ? "unknown: no auraed.deps.json beside the daemon" : "listed")],
        };
        components.Add(auraed);
        components.AddRange(packages?.Packages ?? []);

        var bootFiles = BootFiles(node.BootFiles, outputs, usesEfiStub, dpkg);
        components.AddRange(bootFiles);

        var certificates = Certificates(pki);
        components.AddRange(certificates);

        var subject = new SbomComponent("operating-system", $"node:{node.Name}", node.Name)
        {
            Description = "An Aurae node image: a stock kernel and auraed as init.",
            Properties =
            [
                ("aurae:outputs", string.Join(' ', outputs.Select(o => o.ToConfigName()))),
                ("aurae:kernel-cmdline", node.CommandLine),
            ],
        };
        var dependencies = new List<(string, IReadOnlyList<string>)>
        {
            (subject.BomRef, [kernel.BomRef, auraed.BomRef, .. modules.Select(m => m.BomRef), .. bootFiles.Select(f => f.BomRef), .. certificates.Select(c => c.BomRef)]),
            (kernel.BomRef, [.. modules.Select(m => m.BomRef)]),
            (auraed.BomRef, [.. (packages?.Packages ?? []).Select(p => p.BomRef)]),
        };
        var tool = new SbomComponent("application", "aurae-compose", "aurae-compose")
        {
            Version = typeof(NodeSbom).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        };
        using var file = output.Create(FileName(node.Name));
        file.Write(CycloneDxWriter.Write(subject, components, dependencies, node.Timestamp, tool));
    }

    private static SbomComponent Kernel(ComposedNode node, KernelSource source)
    {
        var release = node.Kernel.Release;
        if (source is not DebKernelSource deb)
            return new SbomComponent("operating-system", "kernel", "linux")
            {
                Version = release,
                Hashes = [Sha256(node.Kernel.Vmlinuz.Span)],
                Properties = [("aurae:kernel-release", release), ("aurae:source", node.Kernel.SourcePath)],
            };
        var control = DebPackage.Open(deb.DebPath).ReadControl();
        var name = control.GetValueOrDefault("Package") ?? throw new DebPackageException(deb.DebPath, "the control file has no Package field");
        var version = control.GetValueOrDefault("Version") ?? throw new DebPackageException(deb.DebPath, "the control file has no Version field");
        var architecture = control.GetValueOrDefault("Architecture") ?? "amd64";
        return new SbomComponent("operating-system", "kernel", name)
        {
            Version = version,
            Purl = $"pkg:deb/debian/{name}@{Uri.EscapeDataString(version)}?arch={architecture}",
            Hashes = [("SHA-256", FileDigest.Sha256Hex(deb.DebPath))],
            Properties = [("aurae:kernel-release", release), ("aurae:source", Path.GetFileName(deb.DebPath))],
        };
    }

    private static List<SbomComponent> BootFiles(BootFilesConfig files, IReadOnlyList<OutputKind> outputs, bool usesEfiStub, DpkgDatabase dpkg)
    {
        var used = new List<SbomComponent>();
        foreach (var (key, package, path) in files.Files)
        {
            // The EFI stub goes into every UKI; ISOLINUX, its MBR and ldlinux.c32 only into the ISO.
            if (key == "efi_stub" ? !usesEfiStub : !outputs.Contains(OutputKind.Iso))
                continue;
            var properties = new List<(string, string)> { ("aurae:path", path), ("aurae:node-yaml-key", $"boot.{key}") };
            if (dpkg.Owner(package, path) is var (name, version, architecture))
            {
                properties.Add(("aurae:debian-package", name));
                properties.Add(("aurae:debian-version", version));
                properties.Add(("aurae:debian-purl", $"pkg:deb/debian/{name}@{Uri.EscapeDataString(version)}?arch={architecture}"));
            }
            used.Add(new SbomComponent("file", $"boot:{key}", Path.GetFileName(path))
            {
                Hashes = [Sha256(File.ReadAllBytes(path))],
                Properties = properties,
            });
        }
        return used;
    }

    private static List<SbomComponent> Certificates(ImagePki pki)
    {
        var result = new List<SbomComponent> { Certificate("certificate:ca", "the fleet CA", pki.CaCertificatePem) };
        if (pki is NodePki node)
            result.Add(Certificate("certificate:node", "the node's own", node.NodeCertificatePem));
        return result;
    }

    // A certificate's fingerprint is the SHA-256 of its DER encoding, as openssl x509 -fingerprint -sha256 prints it.
    private static SbomComponent Certificate(string bomRef, string role, string pem)
    {
        using var certificate = X509Certificate2.CreateFromPem(pem);
        return new SbomComponent("data", bomRef, certificate.Subject)
        {
            Description = $"{role} certificate (the key is never listed)",
            Hashes = [Sha256(certificate.RawData)],
            Properties =
            [
                ("aurae:issuer", certificate.Issuer),
                ("aurae:not-after", certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
                ("aurae:serial", certificate.SerialNumber),
            ],
        };
    }

    private static (string, string) Sha256(ReadOnlySpan<byte> content) => ("SHA-256", Convert.ToHexStringLower(SHA256.HashData(content)));
}
