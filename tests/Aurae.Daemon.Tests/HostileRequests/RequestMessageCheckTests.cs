using System.Buffers;
using System.Buffers.Binary;
using Aurae.Api.Cells.V0;
using Aurae.Api.Node.V0;
using Aurae.Daemon.Hosting;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Aurae.Daemon.Tests.HostileRequests;

/// <summary>An unparsable request gets InvalidArgument naming its type; everything else reaches gRPC untouched.</summary>
public sealed class RequestMessageCheckTests
{
    private static readonly IReadOnlyDictionary<string, Google.Protobuf.Reflection.MessageDescriptor> Types =
        RequestMessageCheck.RequestTypes([CellService.Descriptor, NodeService.Descriptor, Aurae.Api.Artifacts.V0.ArtifactService.Descriptor]);

    private static byte[] Frame(byte[] message, byte compressed = 0)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    [Fact]
    public void Unary_and_server_streaming_methods_are_checked_client_streaming_ones_are_not()
    {
        Assert.Contains("/aurae.cells.v0.CellService/Allocate", Types.Keys);
        Assert.Contains("/aurae.node.v0.NodeService/Poweroff", Types.Keys);
        Assert.DoesNotContain("/aurae.artifacts.v0.ArtifactService/Push", Types.Keys);
    }

    [Fact]
    public void A_valid_message_has_no_problem()
    {
        var body = Frame(new CellServiceAllocateRequest { Cell = new Cell { Name = "web" } }.ToByteArray());
        Assert.Null(RequestMessageCheck.Problem(CellServiceAllocateRequest.Descriptor, new ReadOnlySequence<byte>(body)));
        Assert.Null(RequestMessageCheck.Problem(PoweroffRequest.Descriptor, new ReadOnlySequence<byte>(Frame([]))));
    }

    [Fact]
    public void Tag_zero_and_truncated_fields_are_named_with_the_type()
    {
        var problem = RequestMessageCheck.Problem(PoweroffRequest.Descriptor, new ReadOnlySequence<byte>(Frame([0, 1, 2])));
        Assert.StartsWith("the request is not a valid aurae.node.v0.PoweroffRequest message: ", problem);
        // Field 1 (cell) declared 100 bytes long, 2 present.
        Assert.NotNull(RequestMessageCheck.Problem(CellServiceAllocateRequest.Descriptor, new ReadOnlySequence<byte>(Frame([0x0A, 100, 1, 2]))));
    }

    [Fact]
    public void What_it_cannot_judge_is_left_to_grpc()
    {
        Assert.Null(RequestMessageCheck.Problem(PoweroffRequest.Descriptor, new ReadOnlySequence<byte>(Frame([0, 1], compressed: 1))));
        Assert.Null(RequestMessageCheck.Problem(PoweroffRequest.Descriptor, new ReadOnlySequence<byte>([.. Frame([0]), .. Frame([0])])));
        Assert.Null(RequestMessageCheck.Problem(PoweroffRequest.Descriptor, new ReadOnlySequence<byte>(new byte[] { 0, 0 })));
    }

    [Fact]
    public async Task The_middleware_answers_invalid_argument_without_calling_grpc()
    {
        var context = Context("/aurae.node.v0.NodeService/Poweroff", Frame([0, 7]));
        var called = false;
        await new RequestMessageCheck(Types, 1024).InvokeAsync(context, _ => { called = true; return Task.CompletedTask; });
        Assert.False(called);
        Assert.Equal("3", context.Response.Headers["grpc-status"]);
        Assert.Contains("aurae.node.v0.PoweroffRequest", Uri.UnescapeDataString(context.Response.Headers["grpc-message"].ToString()));
    }

    [Fact]
    public async Task The_middleware_refuses_a_request_over_the_limit_as_resource_exhausted()
    {
        var context = Context("/aurae.cells.v0.CellService/Free", Frame(new CellServiceFreeRequest { CellName = new string('a', 2000) }.ToByteArray()));
        var called = false;
        await new RequestMessageCheck(Types, 1024).InvokeAsync(context, _ => { called = true; return Task.CompletedTask; });
        Assert.False(called);
        Assert.Equal("8", context.Response.Headers["grpc-status"]);
    }

    [Fact]
    public async Task The_middleware_passes_a_valid_request_on_with_its_bytes_unread()
    {
        var frame = Frame(new CellServiceFreeRequest { CellName = "web" }.ToByteArray());
        var context = Context("/aurae.cells.v0.CellService/Free", frame);
        byte[]? seen = null;
        await new RequestMessageCheck(Types, 1024).InvokeAsync(context, async c =>
        {
            var copy = new MemoryStream();
            await c.Request.BodyReader.CopyToAsync(copy);
            seen = copy.ToArray();
        });
        Assert.Equal(frame, seen);
        Assert.False(context.Response.Headers.ContainsKey("grpc-status"));
    }

    private static DefaultHttpContext Context(string path, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.Body = new MemoryStream(body);
        return context;
    }
}
