using System.Globalization;

namespace Aurae.Serve.Groups;

/// <summary>
/// What a booting machine says about itself when it asks for its script (iPXE's <c>${net0/mac}</c>,
/// <c>${uuid}</c>, <c>${hostname}</c>): unverified, used only to pick a profile. Values are
/// normalised; an empty one is absent.
/// </summary>
public sealed record MachineFacts
{
    public MachineFacts(string? mac, string? uuid, string? hostname)
    {
        Mac = string.IsNullOrWhiteSpace(mac) ? null : MacAddressText.Normalize(mac) ?? throw new FormatException($"'{mac}' is not a MAC address");
        Uuid = string.IsNullOrWhiteSpace(uuid) ? null : Guid.TryParse(uuid, out var parsed)
            ? parsed.ToString("D", CultureInfo.InvariantCulture)
            : throw new FormatException($"'{uuid}' is not a UUID");
        Hostname = string.IsNullOrWhiteSpace(hostname) ? null : hostname.Trim().ToLowerInvariant();
    }

    /// <summary>Lower-case, colon-separated (52:54:00:12:34:56).</summary>
    public string? Mac { get; }

    /// <summary>Lower-case, hyphenated (the SMBIOS system UUID).</summary>
    public string? Uuid { get; }

    public string? Hostname { get; }

    public override string ToString() =>
        string.Join(' ', new[] { ("mac", Mac), ("uuid", Uuid), ("hostname", Hostname) }
            .Where(f => f.Item2 is not null).Select(f => $"{f.Item1}={f.Item2}").DefaultIfEmpty("(nothing)"));
}
