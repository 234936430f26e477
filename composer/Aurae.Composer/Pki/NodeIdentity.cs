using System.Net;
using Aurae.Contract.Syntax;

namespace Aurae.Composer.Pki;

/// <summary>
/// A node's certificate identity: its hostname (CN and DNS SAN, and the file name under nodes/)
/// and the IP addresses clients may dial it by (IP SANs).
/// </summary>
public sealed record NodeIdentity
{
    public NodeIdentity(string Name, IReadOnlyList<IPAddress> Addresses)
    {
        ArgumentNullException.ThrowIfNull(Name);
        ArgumentNullException.ThrowIfNull(Addresses);
        if (HostName.Validate(Name) is { } nameError)
            throw new ArgumentException($"invalid node name: {nameError}", nameof(Name));
        if (string.Equals(Name, CertificateProfiles.EnrollmentServerName, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"invalid node name: '{Name}' is reserved for the enrollment endpoint of `aurae-compose serve`", nameof(Name));
        var duplicate = Addresses.GroupBy(a => a).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"node '{Name}': address {duplicate.Key} is listed twice", nameof(Addresses));

        this.Name = Name;
        this.Addresses = Addresses.ToArray();
    }

    public NodeIdentity(string name) : this(name, []) { }

    public string Name { get; }

    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>Parses the CLI syntax <c>NAME[=ADDR[,ADDR...]]</c>.</summary>
    /// <exception cref="FormatException">The message quotes the whole spec and names the bad part.</exception>
    public static NodeIdentity Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var equals = spec.IndexOf('=');
        var name = (equals < 0 ? spec : spec[..equals]).Trim();
        if (HostName.Validate(name) is { } nameError)
            throw new FormatException($"invalid node '{spec}': {nameError}");
        if (equals < 0)
            return new NodeIdentity(name);

        var addressText = spec[(equals + 1)..];
        if (addressText.Trim().Length == 0)
            throw new FormatException($"invalid node '{spec}': no address after '='; use NAME or NAME=ADDR[,ADDR...]");

        var addresses = new List<IPAddress>();
        var parts = addressText.Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.Length == 0)
                throw new FormatException($"invalid node '{spec}': address {i + 1} is empty");
            if (IPAddressSyntax.TryParse(part, out var address) is { } addressError)
                throw new FormatException($"invalid node '{spec}': {addressError}");
            if (addresses.Contains(address))
                throw new FormatException($"invalid node '{spec}': address '{part}' is listed twice");
            addresses.Add(address);
        }
        return new NodeIdentity(name, addresses);
    }

    /// <summary>The CLI syntax, so <c>Parse(x.ToString())</c> equals <c>x</c>.</summary>
    public override string ToString() =>
        Addresses.Count == 0 ? Name : $"{Name}={string.Join(',', Addresses)}";

    // Records compare lists by reference; identities are equal when their contents are.
    public bool Equals(NodeIdentity? other) =>
        other is not null && Name == other.Name && Addresses.SequenceEqual(other.Addresses);

    public override int GetHashCode() =>
        Addresses.Aggregate(Name.GetHashCode(StringComparison.Ordinal), (hash, address) => HashCode.Combine(hash, address));
}
