namespace Aurae.Contract.Manifest;

/// <summary>
/// The TCP port auraed serves its API on when node.yaml's <c>api.listen</c> names none, and the
/// port the client configuration written by <c>aurae-compose pki init</c> dials.
/// </summary>
public static class ApiPort
{
    public const int Default = 8080;
}
