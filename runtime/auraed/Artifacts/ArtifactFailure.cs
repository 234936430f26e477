namespace Aurae.Daemon.Artifacts;

/// <summary>Why the store refused something; <see cref="Api.ArtifactService"/> turns each into a gRPC status code of the same name.</summary>
public enum ArtifactFailure
{
    /// <summary>
    /// The request itself is wrong: a bad or missing header, a bad name, or content that does not
    /// match the header (sha256 or size). A mismatch is reported here rather than as DataLoss:
    /// TLS already guarantees the bytes arrived as sent, so a mismatch means the client declared
    /// the wrong digest or sent the wrong file, which retrying will not fix.
    /// </summary>
    InvalidArgument,

    /// <summary>A size limit: the artifact, a chunk, or the store's total.</summary>
    ResourceExhausted,

    /// <summary>No artifact has that name.</summary>
    NotFound,
}

/// <summary>A refusal from the artifact store, with a message fit for the client.</summary>
public sealed class ArtifactException(ArtifactFailure failure, string message) : Exception(message)
{
    public ArtifactFailure Failure { get; } = failure;
}
