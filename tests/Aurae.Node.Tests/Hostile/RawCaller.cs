using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Aurae.Node.Tests.Hostile;

/// <summary>How one call ended: the status, and whether the client made it up because the transport failed.</summary>
public sealed record CallOutcome(StatusCode Code, string Detail, bool TransportFailure, int Messages);

/// <summary>
/// Sends arbitrary bytes as a method's request message, bypassing the generated client's
/// serializer, and waits for the call's end: the status the server sent, or the failure.
/// </summary>
public sealed class RawCaller(CallInvoker invoker)
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    public async Task<CallOutcome> CallAsync(MethodDescriptor method, byte[] body, TimeSpan timeout)
    {
        var type = method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary;
        var raw = new Method<byte[], byte[]>(type, method.Service.FullName, method.Name, Bytes, Bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow + timeout);
        var messages = 0;
        try
        {
            if (type == MethodType.Unary)
            {
                using var call = invoker.AsyncUnaryCall(raw, null, options, body);
                await call.ResponseAsync;
                return new CallOutcome(StatusCode.OK, "", false, 1);
            }
            using var stream = invoker.AsyncServerStreamingCall(raw, null, options, body);
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
                messages++;
            return new CallOutcome(stream.GetStatus().StatusCode, stream.GetStatus().Detail, false, messages);
        }
        catch (RpcException e)
        {
            // A status the client synthesized from an exception (connection reset, stream
            // aborted, TLS failure) carries that exception; a status the server sent does not.
            return new CallOutcome(e.StatusCode, e.Status.Detail, e.Status.DebugException is not null, messages);
        }
    }
}
