using Aurae.Api.Cells.V0;
using Aurae.Daemon.Api;
using Aurae.Daemon.Tests.Authorization;

namespace Aurae.Daemon.Tests.Api;

/// <summary>A workload's echoed spec: its environment's values for admins alone.</summary>
public sealed class SpecRedactionTests
{
    private static readonly ExecutableStatus Status = new()
    {
        ExecutableName = "db",
        Spec = new Executable { Name = "db", Argv = { "/bin/db" }, Environment = { ["PASSWORD"] = "s3cret", ["MODE"] = "fast" } },
    };

    [Fact]
    public void A_reader_sees_the_names_not_the_values()
    {
        var shown = SpecRedaction.ForCaller(Status, Context("reader"));
        Assert.Equal(["MODE", "PASSWORD"], shown.Spec.Environment.Keys.Order());
        Assert.All(shown.Spec.Environment.Values, value => Assert.Equal(SpecRedaction.Hidden, value));
        Assert.Equal("/bin/db", shown.Spec.Argv[0]);
        Assert.Equal("s3cret", Status.Spec.Environment["PASSWORD"]);
    }

    [Fact]
    public void An_admin_sees_all_of_it()
    {
        Assert.Equal("s3cret", SpecRedaction.ForCaller(Status, Context("admin")).Spec.Environment["PASSWORD"]);
    }

    [Fact]
    public void A_caller_without_a_known_role_is_shown_what_a_reader_is()
    {
        Assert.Equal(SpecRedaction.Hidden, SpecRedaction.ForCaller(Status, null).Spec.Environment["PASSWORD"]);
        Assert.Equal(SpecRedaction.Hidden, SpecRedaction.ForCaller(Status, new TestServerCallContext("/x", null)).Spec.Environment["PASSWORD"]);
    }

    private static TestServerCallContext Context(string role) =>
        new("/aurae.executables.v0.ExecutableService/List", TestCertificates.Client("someone", role));
}
