using Aurae.Api.Cells.V0;
using Aurae.Daemon.Executables;
using Aurae.Daemon.Tests.Hosting;
using Grpc.Core;
using State = Aurae.Api.Cells.V0.ExecutableStatus.Types.State;
using static Aurae.Daemon.Tests.Executables.ExecutablesTestSupport;

namespace Aurae.Daemon.Tests.Executables;

[Collection(ExecutablesCollection.Name)]
public sealed class ExecutableRequestTests : IDisposable
{
    private readonly ExecutableSupervisor _supervisor = NewSupervisor(maxEnded: 3);

    // Named cases: xunit shows theory arguments, and some of these requests are megabytes long.
    public static TheoryData<string> BadRequestNames() => [.. BadRequests().Keys];

    private static Dictionary<string, (Executable Executable, StatusCode Expected)> BadRequests()
    {
        var tooMany = Program("many", "/bin/true");
        tooMany.Argv.AddRange(Enumerable.Repeat("x", LaunchPlan.MaxEntries));
        var tooBig = Program("big", "/bin/true", new string('x', LaunchPlan.MaxTotalBytes));
        var badEnv = Program("env", "/bin/true");
        badEnv.Environment["A=B"] = "c";
        var bigEnv = Program("env", "/bin/true");
        bigEnv.Environment["BIG"] = new string('x', LaunchPlan.MaxTotalBytes);
        var both = Program("both", "/bin/true");
        both.Command = "true";
        var relativeDirectory = Program("cwd", "/bin/true");
        relativeDirectory.WorkingDirectory = "tmp";
        var missingDirectory = Program("cwd", "/bin/true");
        missingDirectory.WorkingDirectory = "/no/such/dir";
        var badUid = Program("uid", "/bin/true");
        badUid.Uid = uint.MaxValue;
        return new Dictionary<string, (Executable, StatusCode)>
        {
            ["empty argv"] = (new Executable { Name = "empty" }, StatusCode.InvalidArgument),
            ["relative path"] = (Program("rel", "true"), StatusCode.InvalidArgument),
            ["missing file"] = (Program("missing", "/no/such/program"), StatusCode.NotFound),
            ["a directory"] = (Program("dir", "/tmp"), StatusCode.InvalidArgument),
            ["not executable"] = (Program("noexec", "/etc/hostname"), StatusCode.InvalidArgument),
            ["no name"] = (Program("", "/bin/true"), StatusCode.InvalidArgument),
            ["slash in name"] = (Program("a/b", "/bin/true"), StatusCode.InvalidArgument),
            ["space in name"] = (Program("a b", "/bin/true"), StatusCode.InvalidArgument),
            ["dot-dot name"] = (Program("..", "/bin/true"), StatusCode.InvalidArgument),
            ["long name"] = (Program(new string('n', 65), "/bin/true"), StatusCode.InvalidArgument),
            ["too many argv entries"] = (tooMany, StatusCode.InvalidArgument),
            ["argv too large"] = (tooBig, StatusCode.InvalidArgument),
            ["bad environment name"] = (badEnv, StatusCode.InvalidArgument),
            ["environment too large"] = (bigEnv, StatusCode.InvalidArgument),
            ["command and argv"] = (both, StatusCode.InvalidArgument),
            ["relative working directory"] = (relativeDirectory, StatusCode.InvalidArgument),
            ["missing working directory"] = (missingDirectory, StatusCode.NotFound),
            ["uid out of range"] = (badUid, StatusCode.InvalidArgument),
        };
    }

    [Theory]
    [MemberData(nameof(BadRequestNames))]
    public async Task Rejects_bad_requests_with_a_precise_code(string why)
    {
        var (executable, expected) = BadRequests()[why];
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => _supervisor.StartAsync(TestCell, null, executable, default)));
        Assert.True(expected == error.StatusCode, $"{why}: {error.StatusCode} {error.Status.Detail}");
        Assert.Empty(_supervisor.List(null));
    }

    [Fact]
    public async Task A_name_is_unique_among_the_cells_known_executables()
    {
        await _supervisor.StartAsync(TestCell, null, Program("same", "/bin/true"), default);
        var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => _supervisor.StartAsync(TestCell, null, Program("same", "/bin/true"), default)));
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        await _supervisor.StartAsync("other-cell", null, Program("same", "/bin/true"), default);
    }

    [Fact]
    public async Task A_failed_exec_is_reported_and_frees_the_name()
    {
        var notAProgram = Path.Combine(Path.GetTempPath(), $"aurae-not-a-program-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(notAProgram, [0x00, 0x01, 0x02, 0x03]);
        File.SetUnixFileMode(notAProgram, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => _supervisor.StartAsync(TestCell, null, Program("garbage", notAProgram), default)));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains("executable format", error.Status.Detail);
            await _supervisor.StartAsync(TestCell, null, Program("garbage", "/bin/true"), default);
        }
        finally
        {
            File.Delete(notAProgram);
        }
    }

    [Fact]
    public async Task Unknown_cells_and_executables_are_not_found()
    {
        Assert.Equal(StatusCode.NotFound, Assert.Throws<RpcException>(() => ApiEdge.Call(() => _supervisor.Status("nowhere", "x"))).StatusCode);
        Assert.Equal(StatusCode.NotFound, Assert.Throws<RpcException>(() => ApiEdge.Call(() => _supervisor.ReadOutputAsync(TestCell, "x", false, default))).StatusCode);
        var stop = await Assert.ThrowsAsync<RpcException>(() => ApiEdge.CallAsync(() => _supervisor.StopAsync(TestCell, "x", 15, TimeSpan.Zero, default)));
        Assert.Equal(StatusCode.NotFound, stop.StatusCode);
        Assert.Empty(_supervisor.List("nowhere"));
    }

    [Fact]
    public async Task Keeps_a_bounded_number_of_ended_executables_and_forgets_cells()
    {
        for (var i = 0; i < 5; i++)
        {
            await _supervisor.StartAsync(TestCell, null, Program($"e{i}", "/bin/true"), default);
            await _supervisor.WaitForEndAsync(TestCell, $"e{i}", default).WaitAsync(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(["e2", "e3", "e4"], _supervisor.List(TestCell).Select(s => s.ExecutableName));

        await _supervisor.StartAsync("doomed", null, Shell("sleeper", "sleep 30"), default);
        Assert.Equal(State.Running, _supervisor.Status("doomed", "sleeper").State);
        Assert.Equal(4, _supervisor.List(null).Count);
        await _supervisor.StopAsync("doomed", "sleeper", 9, TimeSpan.Zero, default);
        _supervisor.ForgetCell("doomed");
        _supervisor.ForgetCell(TestCell);
        Assert.Empty(_supervisor.List(null));
    }

    public void Dispose() => _supervisor.Dispose();
}
