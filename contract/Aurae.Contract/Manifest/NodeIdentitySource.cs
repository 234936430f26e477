using System.Text.Json.Serialization;

namespace Aurae.Contract.Manifest;

/// <summary>Where a node's certificate and key come from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeIdentitySource>))]
public enum NodeIdentitySource
{
    /// <summary>Made with the image (<c>aurae-compose pki init</c>), carried in it.</summary>
    [JsonStringEnumMemberName("image")]
    Image,

    /// <summary>
    /// Made on the node at every boot; the certificate comes from <c>aurae-compose serve</c>, which
    /// checks the bootstrap token on the kernel command line (<c>aurae.enroll</c>, <c>aurae.token</c>).
    /// The image carries only the CA certificate.
    /// </summary>
    [JsonStringEnumMemberName("enroll")]
    Enroll,
}
