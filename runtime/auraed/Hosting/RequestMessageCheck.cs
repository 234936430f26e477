using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Aurae.Daemon.Hosting;

/// <summary>
/// Refuses a unary or server-streaming call whose request is not a valid message of its type
/// with InvalidArgument naming the type and the parse error, before gRPC reads it: gRPC's own
/// answer to an unparsable request is Unknown "Exception was thrown by handler.", which tells
/// the caller nothing. A request larger than the receive limit is refused (ResourceExhausted);
/// anything it cannot judge (compressed, more than one message, client-streaming methods) it
/// passes on for gRPC to answer.
/// </summary>
public sealed class RequestMessageCheck(IReadOnlyDictionary<string, MessageDescriptor> requestTypes, int maxMessageSize)
{
    private const int FrameHeaderSize = 5;

    /// <summary>The request type of each unary and server-streaming method, by HTTP/2 path ("/package.Service/Method").</summary>
    public static IReadOnlyDictionary<string, MessageDescriptor> RequestTypes(IEnumerable<Google.Protobuf.Reflection.ServiceDescriptor> services) =>
        services.SelectMany(s => s.Methods).Where(m => !m.IsClientStreaming)
            .ToDictionary(m => $"/{m.Service.FullName}/{m.Name}", m => m.InputType, StringComparer.Ordinal);

    /// <summary>Null when <paramref name="body"/> (one gRPC length-prefixed message) parses as <paramref name="type"/>, else why not.</summary>
    public static string? Problem(MessageDescriptor type, ReadOnlySequence<byte> body)
    {
        if (body.Length < FrameHeaderSize)
            return null;
        Span<byte> header = stackalloc byte[FrameHeaderSize];
        body.Slice(0, FrameHeaderSize).CopyTo(header);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (header[0] != 0 || length != body.Length - FrameHeaderSize)
            return null;
        try
        {
            type.Parser.ParseFrom(body.Slice(FrameHeaderSize));
            return null;
        }
        catch (InvalidProtocolBufferException e)
        {
            return $"the request is not a valid {type.FullName} message: {e.Message}";
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!requestTypes.TryGetValue(context.Request.Path.Value ?? "", out var type))
        {
            await next(context);
            return;
        }
        // Read to the end, consuming as it goes (holding bytes unconsumed stalls HTTP/2 flow
        // control), then hand gRPC the same bytes from memory.
        var reader = context.Request.BodyReader;
        var limit = maxMessageSize + FrameHeaderSize;
        var body = new MemoryStream();
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            foreach (var segment in read.Buffer)
                body.Write(segment.Span);
            reader.AdvanceTo(read.Buffer.End);
            if (body.Length > limit)
            {
                await RefuseAsync(context, Grpc.Core.StatusCode.ResourceExhausted,
                    $"the request is larger than the {maxMessageSize} byte limit for a {type.FullName} message");
                return;
            }
            if (read.IsCompleted || read.IsCanceled)
                break;
        }
        var bytes = body.ToArray();
        if (Problem(type, new ReadOnlySequence<byte>(bytes)) is { } problem)
        {
            await RefuseAsync(context, Grpc.Core.StatusCode.InvalidArgument, problem);
            return;
        }
        context.Request.Body = new MemoryStream(bytes, writable: false);
        await next(context);
    }

    private static Task RefuseAsync(HttpContext context, Grpc.Core.StatusCode code, string message)
    {
        // A trailers-only gRPC response: the status in the headers, no body.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}
