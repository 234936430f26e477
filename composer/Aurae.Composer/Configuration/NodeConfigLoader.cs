using Aurae.Images.Compression;
using System.Net;
using Aurae.Composer.Kernel;
using Aurae.Composer.Pki;
using Aurae.Contract.Manifest;
using Aurae.Contract.Syntax;
using Aurae.Composer.Pki.SecureBoot;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Configuration;

/// <summary>
/// Reads node.yaml into a <see cref="NodeConfig"/>. Validation is complete at load time, including
/// that referenced files exist, so a build never starts from a config that cannot succeed; the
/// first problem found is reported as a <see cref="ConfigFileException"/> with its position.
/// </summary>
public static class NodeConfigLoader
{
    private static readonly string[] TopKeys = ["name", "kernel", "pki", "identity", "api", "network", "initramfs", "boot", "disk", "secure_boot", "outputs"];
    private static readonly string[] SecureBootKeys = ["key", "cert", "passphrase_file"];
    private static readonly string[] KernelKeys = ["deb", "directory", "vmlinuz", "modules_tarball", "config", "cmdline", "modules", "modules_exclude", "modules_load"];
    private static readonly string[] ApiKeys = ["listen", "metrics"];
    private static readonly string[] NetworkKeys = ["interface", "dhcp", "address", "gateway"];
    private static readonly string[] InitramfsKeys = ["compression"];
    private static readonly string[] DiskKeys = ["size"];

    // A disk needs room for its partition tables and a FAT32 system partition; this is the floor.
    private const long MinimumDiskBytes = 64L << 20;

    /// <exception cref="ConfigFileException">The file is missing, unreadable or invalid.</exception>
    public static NodeConfig Load(string path) =>
        Read(YamlConfigFile.Read(path, "node.yaml", "node.yaml needs at least name, kernel, pki and outputs").AsMapping(TopKeys), path);

    private static NodeConfig Read(ConfigMapping top, string path)
    {
        var name = ReadName(top.Required("name"));
        var kernel = ReadKernel(top.Required("kernel").AsMapping(KernelKeys));
        var pki = top.Required("pki").AsExistingDirectory(dir => $"; create it with `aurae-compose pki init {dir} --node {name}`");
        var api = top.Optional("api") is { } apiField ? ReadApi(apiField.AsMapping(ApiKeys)) : ApiConfig.Default;
        var network = top.Optional("network") is { } networkField ? ReadNetwork(networkField.AsMapping(NetworkKeys)) : NetworkConfig.Default;
        var initramfs = top.Optional("initramfs") is { } initramfsField ? ReadInitramfs(initramfsField.AsMapping(InitramfsKeys)) : InitramfsConfig.Default;
        var outputsField = top.Required("outputs");
        var outputs = ReadOutputs(outputsField);
        var boot = ReadBootFiles(top.Optional("boot"), outputsField, outputs);
        var disk = top.Optional("disk") is { } diskField ? ReadDisk(diskField.AsMapping(DiskKeys), outputs) : DiskConfig.Default;
        var identity = top.Optional("identity") is { } identityField ? ReadIdentity(identityField) : NodeIdentitySource.Image;
        var secureBoot = top.Optional("secure_boot") is { } secureBootField ? ReadSecureBoot(secureBootField) : null;
        return new NodeConfig(path, name, kernel, pki, api, network, initramfs, boot, disk, outputs) { Identity = identity, SecureBoot = secureBoot };
    }

    /// <summary>secure_boot: {key, cert, passphrase_file}: the db key the UKI is signed with, checked now.</summary>
    private static UkiSigningKey ReadSecureBoot(ConfigField field)
    {
        var mapping = field.AsMapping(SecureBootKeys);
        var keyField = mapping.Required("key");
        var certificateField = mapping.Required("cert");
        var key = keyField.AsExistingFile();
        var certificate = certificateField.AsExistingFile();
        string? passphrase = null;
        if (mapping.Optional("passphrase_file") is { } passphraseField)
        {
            var passphrasePath = passphraseField.AsExistingFile();
            try
            {
                // One line: the passphrase; a trailing newline (echo > file) is not part of it.
                passphrase = File.ReadAllText(passphrasePath).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw passphraseField.Error($"cannot read '{passphrasePath}': {e.Message}");
            }
        }
        try
        {
            return UkiSigningKey.Load(key, certificate, passphrase, DateTimeOffset.UtcNow);
        }
        catch (PkiException e)
        {
            throw field.Error(e.Message);
        }
    }

    private static NodeIdentitySource ReadIdentity(ConfigField field) => field.AsString() switch
    {
        "image" => NodeIdentitySource.Image,
        "enroll" => NodeIdentitySource.Enroll,
        var other => throw field.Error($"'{other}' is not an identity; use image (the node's certificate and key from pki, " +
                                       "baked into the image) or enroll (each node enrolls with `aurae-compose serve` at boot)"),
    };

    private static string ReadName(ConfigField field)
    {
        var name = field.AsString();
        return HostName.Validate(name) is { } error ? throw field.Error($"not a valid hostname: {error}") : name;
    }

    private static KernelConfig ReadKernel(ConfigMapping kernel)
    {
        var source = ReadKernelSource(kernel);

        var cmdline = kernel.Optional("cmdline")?.AsString() ?? KernelConfig.DefaultCmdline;
        if (cmdline.Any(char.IsControl))
            throw kernel.Optional("cmdline")!.Error("the kernel command line must be a single line without control characters");

        var modules = ReadModuleSelectors(kernel.Optional("modules"));
        var exclude = ReadModuleSelectors(kernel.Optional("modules_exclude"));
        var load = kernel.Optional("modules_load") is { } loadField ? ReadModuleNames(loadField) : null;
        return new KernelConfig(source, cmdline, modules, exclude, load);
    }

    /// <summary>A list of module selectors (name, alias, path glob or @set), each kept with its position.</summary>
    private static IReadOnlyList<ModuleSelector> ReadModuleSelectors(ConfigField? field)
    {
        var selectors = new List<ModuleSelector>();
        foreach (var item in field?.AsSequence() ?? [])
        {
            var text = item.AsString();
            if (ModuleSelector.TryParse(text, item.Position, out var selector) is { } error)
                throw item.Error(error);
            // modprobe treats '-' and '_' alike, so "virtio-net" repeats "virtio_net".
            var previous = selectors.FindIndex(s => s.SameAs(selector!));
            if (previous >= 0)
                throw item.Error(selector is NameModuleSelector
                    ? $"module '{text}' is already listed as {field!.Path.Split('.')[^1]}[{previous}]"
                    : $"'{text}' is already listed as {field!.Path.Split('.')[^1]}[{previous}]");
            selectors.Add(selector!);
        }
        return selectors;
    }

    /// <summary>kernel.modules_load: plain module names only (what to load is a decision per module).</summary>
    private static IReadOnlyList<NameModuleSelector> ReadModuleNames(ConfigField field)
    {
        var names = new List<NameModuleSelector>();
        foreach (var selector in ReadModuleSelectors(field))
        {
            names.Add(selector as NameModuleSelector ?? throw selector.Position.Error(
                $"'{selector.Text}' is not a module name: modules_load lists modules by name (letters, digits, '_' and '-'); " +
                "selectors belong in kernel.modules"));
        }
        return names;
    }

    /// <summary>Exactly one of deb, directory, or vmlinuz (with modules_tarball and config).</summary>
    private static KernelSource ReadKernelSource(ConfigMapping kernel)
    {
        string[] sourceKeys = ["deb", "directory", "vmlinuz"];
        if (sourceKeys.Count(kernel.Has) > 1)
            throw kernel.KeyError(kernel.LastOf(sourceKeys), "'deb', 'directory' and 'vmlinuz' exclude each other; give exactly one");
        if (!kernel.Has("vmlinuz") && new[] { "modules_tarball", "config" }.FirstOrDefault(kernel.Has) is { } orphan)
            throw kernel.KeyError(orphan, $"'{orphan}' goes with 'vmlinuz' (a kernel image given as files)");
        if (kernel.Has("deb"))
            return new DebKernelSource(kernel.Required("deb").AsExistingFile());
        if (kernel.Has("directory"))
            return new DirectoryKernelSource(kernel.Required("directory").AsExistingDirectory());
        if (kernel.Has("vmlinuz"))
        {
            var vmlinuz = kernel.Required("vmlinuz").AsExistingFile();
            if (new[] { "modules_tarball", "config" }.FirstOrDefault(key => !kernel.Has(key)) is { } companion)
                throw kernel.KeyError("vmlinuz", $"'vmlinuz' needs '{companion}' too: " + (companion == "config"
                    ? "the kernel's build configuration (its .config), which the build checks"
                    : "a tarball of the kernel's lib/modules/RELEASE/ (.tar, .tar.gz, .tar.xz or .tar.zst)"));
            return new KernelFilesSource(vmlinuz, kernel.Required("modules_tarball").AsExistingFile(), kernel.Required("config").AsExistingFile());
        }
        throw kernel.Field.Error("expected exactly one of 'deb' (a Debian kernel package), 'directory' (an installed kernel: " +
            "vmlinuz, config, lib/modules/RELEASE) or 'vmlinuz' (a kernel image, with 'modules_tarball' and 'config')");
    }

    /// <summary>The metrics endpoint's word for "not served".</summary>
    private const string MetricsOff = "off";

    private static ApiConfig ReadApi(ConfigMapping api)
    {
        var listen = ApiConfig.DefaultListen;
        if (api.Optional("listen") is { } field && NetworkSyntax.ParseListen(field.AsString(), out listen) is { } error)
            throw field.Error(error);
        if (api.Optional("metrics") is not { } metricsField)
            return ApiConfig.Overlap(listen, ApiConfig.DefaultMetrics)
                ? throw api.Field.Error($"api.listen takes port {MetricsPort.Default}, where metrics are served by default: " +
                    "give 'metrics' a port of its own, or 'off'")
                : new ApiConfig(listen, ApiConfig.DefaultMetrics);
        var text = metricsField.AsString();
        if (text == MetricsOff)
            return new ApiConfig(listen, null);
        if (NetworkSyntax.ParseListen(text, out var metrics) is { } metricsError)
            throw metricsField.Error($"{metricsError}; or '{MetricsOff}' to serve no metrics");
        if (ApiConfig.Overlap(listen, metrics))
            throw metricsField.Error($"'{text}' takes the API's port ({listen}); metrics need a port of their own");
        return new ApiConfig(listen, metrics);
    }

    private static NetworkConfig ReadNetwork(ConfigMapping network)
    {
        string? interfaceName = null;
        if (network.Optional("interface") is { } interfaceField)
        {
            interfaceName = interfaceField.AsString();
            if (NetworkSyntax.ValidateInterfaceName(interfaceName) is { } error)
                throw interfaceField.Error(error);
        }

        InterfaceAddress? address = null;
        if (network.Optional("address") is { } addressField
            && NetworkSyntax.ParseInterfaceAddress(addressField.AsString(), out address) is { } addressError)
            throw addressField.Error(addressError);

        IPAddress? gateway = null;
        if (network.Optional("gateway") is { } gatewayField)
        {
            if (IPAddressSyntax.TryParse(gatewayField.AsString(), out var parsed) is { } gatewayError)
                throw gatewayField.Error(gatewayError);
            if (address is null)
                throw gatewayField.Error("a gateway needs a static 'address'");
            if (parsed.AddressFamily != address.Address.AddressFamily)
                throw gatewayField.Error($"gateway {parsed} and address {address} are not the same IP version");
            gateway = parsed;
        }

        // DHCP is the default unless a static address is given; saying both is a contradiction.
        var dhcpField = network.Optional("dhcp");
        var dhcp = dhcpField?.AsBoolean() ?? address is null;
        if (dhcp && address is not null)
            throw network.KeyError("address", "a static address needs 'dhcp: false' (or remove 'dhcp')");
        if (!dhcp && address is null)
            throw dhcpField!.Error("'dhcp: false' needs a static 'address' in CIDR form, e.g. 10.0.2.15/24");
        return new NetworkConfig(interfaceName, dhcp, address, gateway);
    }

    private static InitramfsConfig ReadInitramfs(ConfigMapping initramfs)
    {
        if (initramfs.Optional("compression") is not { } field)
            return InitramfsConfig.Default;
        var name = field.AsString();
        var known = CompressionFormatNames.All;
        return CompressionFormatNames.TryParse(name, out var format)
            ? new InitramfsConfig(format)
            : throw field.Error($"unknown compression '{name}'{Suggestions.DidYouMean(name, known)}; known: {string.Join(", ", known)}");
    }

    private static IReadOnlyList<OutputKind> ReadOutputs(ConfigField field)
    {
        var items = field.AsSequence();
        if (items.Count == 0)
            throw field.Error($"at least one output is required; known outputs: {string.Join(", ", OutputKinds.Names)}");
        var outputs = new List<OutputKind>();
        foreach (var item in items)
        {
            var name = item.AsString();
            if (!OutputKinds.TryParse(name, out var kind))
                throw item.Error($"unknown output '{name}'{Suggestions.DidYouMean(name, OutputKinds.Names)}; known outputs: {string.Join(", ", OutputKinds.Names)}");
            if (outputs.IndexOf(kind) is var previous and >= 0)
                throw item.Error($"output '{name}' is already listed as {field.Path}[{previous}]");
            outputs.Add(kind);
        }
        return outputs;
    }

    /// <summary>
    /// Each boot file is the one node.yaml names or Debian's; a file an output needs must exist,
    /// and a missing default is reported at the output that needs it, with the package to install.
    /// </summary>
    private static BootFilesConfig ReadBootFiles(ConfigField? bootField, ConfigField outputsField, IReadOnlyList<OutputKind> outputs)
    {
        var defaults = BootFilesConfig.Default.Files.ToArray();
        var boot = bootField?.AsMapping(defaults.Select(f => f.Key).ToArray());
        var paths = new Dictionary<string, string>();
        foreach (var (key, package, defaultPath) in defaults)
        {
            if (boot?.Optional(key) is { } field)
            {
                paths[key] = field.AsExistingFile();
                continue;
            }
            paths[key] = defaultPath;
            var needingIndex = outputs.ToList().FindIndex(o => BootFilesConfig.KeysNeededBy(o).Contains(key));
            if (needingIndex >= 0 && !File.Exists(defaultPath))
                throw outputsField.AsSequence()[needingIndex].Error(
                    $"output '{outputs[needingIndex].ToConfigName()}' needs '{defaultPath}', which does not exist: " +
                    $"install Debian's {package} package or set boot.{key} to the file");
        }
        return new BootFilesConfig(paths["efi_stub"], paths["isolinux"], paths["isohybrid_mbr"], paths["ldlinux"]);
    }

    private static DiskConfig ReadDisk(ConfigMapping disk, IReadOnlyList<OutputKind> outputs)
    {
        if (disk.Optional("size") is not { } field)
            return DiskConfig.Default;
        if (!ByteSizeSyntax.TryParse(field.AsString(), out var bytes, out var error))
            throw field.Error(error);
        if (bytes == 0)
            throw field.Error(ByteSizeSyntax.NotASize(field.AsString()));
        if (bytes % (1L << 20) != 0)
            throw field.Error($"{bytes} bytes is not a whole number of MiB (disk images are MiB-aligned; Azure requires it)");
        if (bytes < MinimumDiskBytes)
            throw field.Error($"{ByteSizeSyntax.Format(bytes)} is too small: a disk needs at least {ByteSizeSyntax.Format(MinimumDiskBytes)}");
        if (outputs.Contains(OutputKind.Gcp) && bytes % (1L << 30) != 0)
            throw field.Error($"{ByteSizeSyntax.Format(bytes)} is not a whole number of GiB, which output 'gcp' needs (Compute Engine imports only such disks)");
        return new DiskConfig(bytes);
    }
}
