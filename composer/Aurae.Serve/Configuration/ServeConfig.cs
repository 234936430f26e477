using System.Net;
using Aurae.Serve.Groups;

namespace Aurae.Serve.Configuration;

/// <summary>
/// A validated serve.yaml: where serve listens, the fleet CA, the images (profiles) and which
/// machines boot which (groups). Paths are absolute.
/// </summary>
public sealed record ServeConfig(
    string SourcePath,
    IPEndPoint Http,
    IPEndPoint? Tftp,
    IPEndPoint Enroll,
    IPAddress? Advertise,
    string PkiDirectory,
    string StateDirectory,
    TimeSpan TokenLifetime,
    IReadOnlyDictionary<string, BootProfile> Profiles,
    GroupTable Groups,
    string? IpxeDirectory);
