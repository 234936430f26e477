using Aurae.Daemon.Authorization;
using Google.Protobuf.Reflection;

namespace Aurae.Daemon.Tests.Authorization;

/// <summary>The reader's method table; admin may call everything.</summary>
public sealed class MethodPolicyTests
{
    public static TheoryData<string> ReaderMethods => new(
        "aurae.discovery.v0.DiscoveryService/Discover",
        "aurae.node.v0.NodeService/Info",
        "aurae.node.v0.NodeService/Attest",
        "grpc.health.v1.Health/Check",
        "grpc.health.v1.Health/Watch",
        "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
        "aurae.cells.v0.CellService/List",
        "aurae.executables.v0.ExecutableService/Status",
        "aurae.executables.v0.ExecutableService/List",
        "aurae.executables.v0.ExecutableService/Output",
        "aurae.observe.v0.ObserveService/GetAuraeDaemonLogStream",
        "aurae.observe.v0.ObserveService/GetSubProcessStream",
        "aurae.observe.v0.ObserveService/GetKernelLogStream",
        "aurae.observe.v0.ObserveService/GetCellStats",
        "aurae.observe.v0.ObserveService/SomeFutureRead",
        "aurae.artifacts.v0.ArtifactService/List");

    public static TheoryData<string> AdminOnlyMethods => new(
        "aurae.cells.v0.CellService/Allocate",
        "aurae.cells.v0.CellService/Free",
        "aurae.cells.v0.CellService/Start",
        "aurae.cells.v0.CellService/Stop",
        "aurae.node.v0.NodeService/Reboot",
        "aurae.node.v0.NodeService/Poweroff",
        "aurae.artifacts.v0.ArtifactService/Push",
        "aurae.artifacts.v0.ArtifactService/Delete",
        "aurae.executables.v0.ExecutableService/Kill",
        "aurae.executables.v0.ExecutableService/Remove",
        "aurae.unknown.v0.Whatever/List",
        "aurae.cells.v0.CellService/list",
        "aurae.Cells.v0.CellService/List",
        "aurae.observe.v0.ObserveService/",
        "aurae.observe.v0.ObserveService",
        "aurae.observe.v0.ObserveService/A/B",
        "aurae.observe.v0.ObserveServiceX/GetCellStats",
        "aurae.observe.v1.ObserveService/GetCellStats",
        "",
        "/");

    [Theory]
    [MemberData(nameof(ReaderMethods))]
    public void A_reader_may_call_read_methods(string method)
    {
        Assert.True(MethodPolicy.Allows(Role.Reader, method));
        Assert.True(MethodPolicy.Allows(Role.Reader, "/" + method), "the HTTP/2 path form with a leading slash");
        Assert.True(MethodPolicy.Allows(Role.Admin, method));
    }

    [Theory]
    [MemberData(nameof(AdminOnlyMethods))]
    public void Everything_else_needs_admin(string method)
    {
        Assert.False(MethodPolicy.Allows(Role.Reader, method));
        Assert.False(MethodPolicy.Allows(Role.Reader, "/" + method));
        Assert.True(MethodPolicy.Allows(Role.Admin, method));
    }

    [Fact]
    public void Every_listed_reader_method_exists_in_a_served_contract()
    {
        // What the daemon serves: Aurae's services (the pods service included), health and reflection.
        ServiceDescriptor[] services = [.. Aurae.Daemon.Hosting.ApiServer.AuraeServices, Grpc.Health.V1.Health.Descriptor, Grpc.Reflection.V1Alpha.ServerReflection.Descriptor];
        var served = services.SelectMany(s => s.Methods.Select(m => $"{s.FullName}/{m.Name}")).ToHashSet();

        Assert.All(MethodPolicy.ReaderMethods, method => Assert.Contains(method, served));
        // Every observe method is a read; nothing else in a served contract is, beyond the table.
        var readable = served.Where(m => MethodPolicy.Allows(Role.Reader, m)).Order().ToArray();
        var expected = MethodPolicy.ReaderMethods
            .Concat(Aurae.Api.Observe.V0.ObserveService.Descriptor.Methods.Select(m => $"aurae.observe.v0.ObserveService/{m.Name}"))
            .Order().ToArray();
        Assert.Equal(expected, readable);
    }
}
