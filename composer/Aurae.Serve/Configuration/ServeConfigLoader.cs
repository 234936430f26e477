using System.Net;
using Aurae.Contract.Syntax;
using Aurae.Composer.Configuration;
using Aurae.Composer.Pki;
using Aurae.Serve.Groups;
using Aurae.Contract.Yaml;

namespace Aurae.Serve.Configuration;

/// <summary>Reads serve.yaml; every problem is a <see cref="ConfigFileException"/> naming file, line and field.</summary>
public static class ServeConfigLoader
{
    private static readonly string[] TopKeys = ["listen", "advertise", "pki", "state", "token_ttl", "ipxe", "profiles", "groups"];
    private static readonly string[] ListenKeys = ["http", "tftp", "enroll"];
    private static readonly string[] GroupKeys = ["name", "profile", "mac", "uuid", "hostname"];

    /// <summary>
    /// serve's own ports when serve.yaml's listen names none: HTTP for iPXE scripts and boot files
    /// (8080, as matchbox; not the nodes' API port, which lives on the nodes), HTTPS for enrollment.
    /// </summary>
    public const int DefaultHttpPort = 8080;
    public const int DefaultEnrollPort = 8443;

    /// <summary>Debian's ipxe package: undionly.kpxe (BIOS PXE) and ipxe.efi (UEFI PXE).</summary>
    public const string DefaultIpxeDirectory = "/usr/lib/ipxe";

    /// <exception cref="ConfigFileException">The file is missing, unreadable or invalid.</exception>
    public static ServeConfig Load(string path) =>
        Read(YamlConfigFile.Read(path, "serve.yaml", "serve.yaml needs at least pki, profiles and groups").AsMapping(TopKeys), path);

    private static ServeConfig Read(ConfigMapping top, string path)
    {
        var listen = top.Optional("listen")?.AsMapping(ListenKeys);
        var http = Endpoint(listen?.Optional("http"), new IPEndPoint(IPAddress.Any, DefaultHttpPort));
        var enroll = Endpoint(listen?.Optional("enroll"), new IPEndPoint(IPAddress.Any, DefaultEnrollPort));
        var tftpField = listen?.Optional("tftp");
        var tftp = tftpField is null ? null : Endpoint(tftpField, null);
        IPAddress? advertise = null;
        if (top.Optional("advertise") is { } advertiseField)
        {
            // The strict syntax: IPAddress.TryParse would take "10.0.0" as 10.0.0.0 and put that on every node's command line.
            if (IPAddressSyntax.TryParse(advertiseField.AsString(), out var advertised) is not null)
                throw advertiseField.Error($"'{advertiseField.AsString()}' is not an IP address (nodes have no resolver: serve is reached by address)");
            advertise = advertised;
        }
        // TFTP's boot.ipxe names the HTTP side by address; a wildcard listen address is not one.
        if (tftpField is not null && advertise is null && (http.Address.Equals(IPAddress.Any) || http.Address.Equals(IPAddress.IPv6Any)))
            throw tftpField.Error($"TFTP's boot.ipxe must name this host's address for HTTP, and listen.http is {http}: " +
                                  "set advertise: (the address machines reach this host at) or listen on that address");
        var pki = top.Required("pki").AsExistingDirectory(dir => $"; create it with `aurae-compose pki init {dir}`");
        var state = top.Optional("state") is { } stateField
            ? stateField.AsPath()
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "serve-state");
        var ttl = top.Optional("token_ttl") is { } ttlField ? Duration(ttlField) : TimeSpan.FromMinutes(15);
        var ipxe = top.Optional("ipxe") is { } ipxeField ? ipxeField.AsExistingDirectory() : null;

        var profilesField = top.Required("profiles");
        var profiles = new Dictionary<string, BootProfile>(StringComparer.Ordinal);
        foreach (var (name, field) in profilesField.AsNamedEntries())
        {
            if (HostName.Validate(name) is { } nameError)
                throw field.Error($"profile name '{name}' is not valid: {nameError}");
            var directory = field.AsExistingDirectory();
            try
            {
                profiles[name] = BootProfile.Load(name, directory);
            }
            catch (FileNotFoundException e)
            {
                throw field.Error(e.Message);
            }
        }
        if (profiles.Count == 0)
            throw profilesField.Error("no profiles: name at least one image directory (a build with outputs: [pxe])");

        var groupsField = top.Required("groups");
        var groups = new List<MachineGroup>();
        foreach (var groupField in groupsField.AsSequence())
        {
            var group = groupField.AsMapping(GroupKeys);
            var nameField = group.Required("name");
            var name = nameField.AsString();
            try
            {
                _ = new NodeIdentity(name);
            }
            catch (ArgumentException e)
            {
                throw nameField.Error(e.Message);
            }
            var profileField = group.Required("profile");
            var profile = profileField.AsString();
            if (!profiles.ContainsKey(profile))
                throw profileField.Error($"no profile '{profile}'; profiles: {string.Join(", ", profiles.Keys.Order(StringComparer.Ordinal))}");
            string? mac = null;
            if (group.Optional("mac") is { } macField && (mac = MacAddressText.Normalize(macField.AsString())) is null)
                throw macField.Error($"'{macField.AsString()}' is not a MAC address (six hex octets, : or - between)");
            string? uuid = null;
            if (group.Optional("uuid") is { } uuidField)
                uuid = Guid.TryParse(uuidField.AsString(), out var parsed) ? parsed.ToString("D") : throw uuidField.Error($"'{uuidField.AsString()}' is not a UUID");
            var hostname = group.Optional("hostname")?.AsString().Trim().ToLowerInvariant();
            groups.Add(new MachineGroup(name, profile, new MachineSelector(mac, uuid, hostname)));
        }
        GroupTable table;
        try
        {
            table = new GroupTable(groups);
        }
        catch (ArgumentException e)
        {
            throw groupsField.Error(e.Message);
        }
        return new ServeConfig(Path.GetFullPath(path), http, tftp, enroll, advertise, pki, state, ttl, profiles, table, ipxe);
    }

    private static IPEndPoint Endpoint(ConfigField? field, IPEndPoint? fallback)
    {
        if (field is null)
            return fallback!;
        return NetworkSyntax.ParseListen(field.AsString(), out var endpoint) is { } error ? throw field.Error(error) : endpoint;
    }

    /// <summary>A duration as 90s, 15m or 2h.</summary>
    private static TimeSpan Duration(ConfigField field)
    {
        var text = field.AsString().Trim();
        if (text.Length >= 2 && int.TryParse(text[..^1], out var amount) && amount > 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(amount);
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
            }
        }
        throw field.Error($"'{text}' is not a duration; use a positive number with s, m or h (e.g. 15m)");
    }
}
