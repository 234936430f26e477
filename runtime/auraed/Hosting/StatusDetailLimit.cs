using Grpc.Core;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// Keeps every refusal's message short enough to travel: a message that names what the client sent
/// (a name of a megabyte, say) goes back in the grpc-message trailer, and a client refuses
/// trailers past its header limit (HttpClient's is 64 KiB), so the call would end in a transport
/// error instead of the status the daemon chose. Longer messages are cut, saying how much was
/// (by <see cref="ApiCallInterceptor"/>, for every call).
/// </summary>
public static class StatusDetailLimit
{
    /// <summary>Characters of a status message kept: any message the daemon writes, with room for one name.</summary>
    public const int MaxDetailLength = 2048;

    public static bool Exceeds(RpcException e) => e.Status.Detail.Length > MaxDetailLength;

    public static RpcException Shortened(RpcException e)
    {
        var detail = e.Status.Detail;
        return new RpcException(new Status(e.StatusCode,
            $"{detail[..MaxDetailLength]}… ({detail.Length - MaxDetailLength} more characters)"), e.Trailers);
    }
}
