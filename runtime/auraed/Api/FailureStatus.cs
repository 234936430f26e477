using Aurae.Daemon.Artifacts;
using Aurae.Daemon.Failures;
using Aurae.Contract.Oci;
using Grpc.Core;

namespace Aurae.Daemon.Api;

/// <summary>
/// The one place the domain's failures get their gRPC status: a <see cref="FailureException"/>
/// by its kind, an <see cref="ImageException"/> (images and containers) or an
/// <see cref="ArtifactException"/> (the artifact store) by its failure, each
/// with its message as the status detail. Applied to every call by the API call interceptor;
/// a plain switch, no reflection, for NativeAOT.
/// </summary>
public static class FailureStatus
{
    /// <summary>The status a client sees for a domain failure; null for any other exception (left as it is).</summary>
    public static RpcException? ToRpc(Exception e) => CodeOf(e) is { } code ? new RpcException(new Status(code, e.Message)) : null;

    /// <summary>Whether <paramref name="e"/> is a domain failure, which gets a status of its own: the same list as <see cref="ToRpc"/>.</summary>
    public static bool IsDomainFailure(Exception e) => CodeOf(e) is not null;

    private static StatusCode? CodeOf(Exception e) => e switch
    {
        FailureException failure => CodeOf(failure.Kind),
        ImageException image => CodeOf(image.Failure),
        ArtifactException artifact => CodeOf(artifact.Failure),
        _ => null,
    };

    public static StatusCode CodeOf(FailureKind kind) => kind switch
    {
        FailureKind.InvalidRequest => StatusCode.InvalidArgument,
        FailureKind.NotFound => StatusCode.NotFound,
        FailureKind.AlreadyExists => StatusCode.AlreadyExists,
        FailureKind.WrongState => StatusCode.FailedPrecondition,
        FailureKind.OutOfResources => StatusCode.ResourceExhausted,
        FailureKind.NotPermitted => StatusCode.PermissionDenied,
        FailureKind.NotSupported => StatusCode.Unimplemented,
        FailureKind.Fault => StatusCode.Internal,
        // FailureException refuses any other kind.
        _ => StatusCode.Internal,
    };

    public static StatusCode CodeOf(ImageFailure failure) => failure switch
    {
        ImageFailure.NotFound => StatusCode.NotFound,
        ImageFailure.ResourceExhausted => StatusCode.ResourceExhausted,
        ImageFailure.InUse => StatusCode.FailedPrecondition,
        _ => StatusCode.InvalidArgument,
    };

    public static StatusCode CodeOf(ArtifactFailure failure) => failure switch
    {
        ArtifactFailure.NotFound => StatusCode.NotFound,
        ArtifactFailure.ResourceExhausted => StatusCode.ResourceExhausted,
        _ => StatusCode.InvalidArgument,
    };
}
