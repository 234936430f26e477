using System.Net;
using Aurae.Contract.Manifest;

namespace Aurae.Composer.Configuration;

/// <summary>Where auraed serves its gRPC API. An IP literal only: the node has no DNS resolver.</summary>
public sealed record ApiConfig(IPEndPoint Listen)
{
    public static ApiConfig Default => new(new IPEndPoint(IPAddress.Any, ApiPort.Default));
}
