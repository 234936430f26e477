using System.Security.Cryptography.X509Certificates;
using Aurae.Daemon.Logging;
using Grpc.Core;

namespace Aurae.Daemon.Authorization;

/// <summary>
/// Checks a call against <see cref="MethodPolicy"/> with the role the client's certificate
/// carries (<see cref="CertificateRole"/>), before the service sees it (see
/// <see cref="Hosting.ApiCallInterceptor"/>, which runs it for every call of every kind). TLS has
/// already proven the certificate chains to the node's CA, so its subject can be trusted. A
/// refusal is PermissionDenied, naming the role, the client and the method, and is logged.
/// </summary>
public static class RoleAuthorization
{
    /// <exception cref="RpcException">PermissionDenied when the caller's role may not call the method.</exception>
    public static void Authorize(ServerCallContext context)
    {
        var method = MethodPolicy.Normalize(context.Method);
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        var role = CertificateRole.Of(certificate);
        if (role is { } allowed && MethodPolicy.Allows(allowed, method))
            return;

        var message = role is { } known
            ? $"role '{known.Name()}' ({Describe(certificate)}) may not call {method}"
            : $"client ({Describe(certificate)}) has no role (its certificate's O must be exactly " +
              $"'{RoleNames.Admin}' or '{RoleNames.Reader}') and may not call {method}";
        ConsoleLog.Warn("authz", message);
        throw new RpcException(new Status(StatusCode.PermissionDenied, message));
    }

    private static string Describe(X509Certificate2? certificate) =>
        certificate is null ? "no client certificate" : $"CN={certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false)}";
}
