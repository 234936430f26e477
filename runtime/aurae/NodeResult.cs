using Aurae.Contract.Client;

namespace Aurae.Cli;

/// <summary>What one node answered, or why it did not.</summary>
internal sealed record NodeResult<T>(NodeTarget Node, T? Value, RpcFailure? Failure)
{
    public static NodeResult<T> Succeeded(NodeTarget node, T value) => new(node, value, null);

    public static NodeResult<T> Failed(NodeTarget node, RpcFailure failure) => new(node, default, failure);
}
