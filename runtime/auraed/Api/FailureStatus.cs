using Aurae.Daemon.Artifacts;
using Aurae.Daemon.Failures;
using Aurae.Daemon.Oci;
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
    public static RpcException? ToRpc(Exception e) => e switch
    {
        FailureException failure => new RpcException(new Status(CodeOf(failure.Kind), failure.Message)),
        ImageException image => new RpcException(new Status(CodeOf(image.Failure), image.Message)),
        ArtifactException artifact => new RpcException(new Status(CodeOf(artifact.Failure), artifact.Message)),
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
