namespace Aurae.Daemon.Failures;

/// <summary>
/// A failure of the daemon's domain (cells, executables, sandboxes, ports, observation): what
/// kind (<see cref="FailureKind"/>) and a message for the client that names what was asked and
/// what is wrong. The API's edge turns it into the gRPC status of its kind, with this message.
/// </summary>
public sealed class FailureException : Exception
{
    public FailureException(FailureKind kind, string message) : base(message)
    {
        // Only a kind the edge has a status for: an undefined one would reach the client as Unknown.
        if (kind is < FailureKind.InvalidRequest or > FailureKind.Fault)
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a failure kind");
        Kind = kind;
    }

    public FailureKind Kind { get; }

    /// <summary>The request is wrong (<see cref="FailureKind.InvalidRequest"/>): the most common refusal.</summary>
    public static FailureException Invalid(string message) => new(FailureKind.InvalidRequest, message);

    /// <summary>What the request names is not there (<see cref="FailureKind.NotFound"/>).</summary>
    public static FailureException NotFound(string message) => new(FailureKind.NotFound, message);
}
