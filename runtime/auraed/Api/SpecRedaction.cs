using Aurae.Api.Cells.V0;
using Aurae.Daemon.Authorization;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>
/// What a caller may see of the spec a workload was started with: a reader everything but its
/// environment's values, which often carry credentials; an admin, who may start and stop the
/// workload anyway, all of it (apply compares it). A caller whose role cannot be told is a reader.
/// </summary>
internal static class SpecRedaction
{
    public const string Hidden = "(hidden from readers)";

    public static ExecutableStatus ForCaller(ExecutableStatus status, ServerCallContext? context)
    {
        if (status.Spec is not { Environment.Count: > 0 } || IsAdmin(context))
            return status;
        var shown = status.Clone();
        foreach (var name in shown.Spec.Environment.Keys.ToList())
            shown.Spec.Environment[name] = Hidden;
        return shown;
    }

    private static bool IsAdmin(ServerCallContext? context)
    {
        try
        {
            return context is not null && CertificateRole.Of(context.GetHttpContext().Connection.ClientCertificate) == Role.Admin;
        }
        catch (InvalidOperationException)
        {
            // No HTTP context (a call from inside the daemon, a test): not known to be an admin.
            return false;
        }
    }
}
