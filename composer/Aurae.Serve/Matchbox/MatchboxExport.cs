using System.Text.Json;
using Aurae.Serve.Configuration;

namespace Aurae.Serve.Matchbox;

/// <summary>
/// serve.yaml's profiles and groups as matchbox reads them (<c>profiles/ID.json</c>,
/// <c>groups/ID.json</c>), for sites that already run matchbox. Kernel and initramfs are named
/// under matchbox's <c>/assets/PROFILE/</c>; copy the profile directories there.
/// </summary>
public static class MatchboxExport
{
    public static void Write(ServeConfig config, string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "profiles"));
        Directory.CreateDirectory(Path.Combine(directory, "groups"));
        foreach (var profile in config.Profiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var document = new MatchboxProfile(profile.Name, profile.Name, new MatchboxBoot(
                $"/assets/{profile.Name}/{BootProfile.KernelFile}",
                [$"/assets/{profile.Name}/{BootProfile.InitramfsFile}"],
                [$"initrd={BootProfile.InitramfsFile}", .. profile.CommandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)]));
            WriteJson(Path.Combine(directory, "profiles", profile.Name + ".json"),
                JsonSerializer.SerializeToUtf8Bytes(document, MatchboxJsonContext.Indented.MatchboxProfile));
        }
        foreach (var group in config.Groups.Groups)
        {
            var selector = new Dictionary<string, string>(StringComparer.Ordinal);
            if (group.Selector.Mac is { } mac)
                selector["mac"] = mac;
            if (group.Selector.Uuid is { } uuid)
                selector["uuid"] = uuid;
            if (group.Selector.Hostname is { } hostname)
                selector["hostname"] = hostname;
            var document = new MatchboxGroup(group.Name, group.Name, group.Profile, selector.Count == 0 ? null : selector);
            WriteJson(Path.Combine(directory, "groups", group.Name + ".json"),
                JsonSerializer.SerializeToUtf8Bytes(document, MatchboxJsonContext.Indented.MatchboxGroup));
        }
    }

    private static void WriteJson(string path, byte[] json)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, [.. json, (byte)'\n']);
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>matchbox's profile document (id, name, boot.kernel/initrd/args).</summary>
public sealed record MatchboxProfile(string Id, string Name, MatchboxBoot Boot);

public sealed record MatchboxBoot(string Kernel, IReadOnlyList<string> Initrd, IReadOnlyList<string> Args);

/// <summary>matchbox's group document (id, name, profile, selector).</summary>
public sealed record MatchboxGroup(string Id, string Name, string Profile, IReadOnlyDictionary<string, string>? Selector);
