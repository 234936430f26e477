namespace Aurae.Contract.Manifest;

/// <summary>How the first Ethernet interface gets its address. <c>ip=</c> on the kernel command line overrides it.</summary>
public sealed record NetworkManifest
{
    /// <summary>Interface name, or null for the first Ethernet interface the kernel registers.</summary>
    public string? Interface { get; init; }

    public required bool Dhcp { get; init; }

    /// <summary>Static address in CIDR form, used when <see cref="Dhcp"/> is false.</summary>
    public string? Address { get; init; }

    public string? Gateway { get; init; }
}
