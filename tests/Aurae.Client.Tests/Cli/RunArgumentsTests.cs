using Aurae.Cli.Commands;

namespace Aurae.Client.Tests.Cli;

public sealed class RunArgumentsTests
{
    [Fact]
    public void Everything_after_the_double_dash_is_argv_even_what_looks_like_options()
    {
        var request = RunCommand.ParseRequest("web", "--name", "srv", "--", "/srv/app", "--name", "x", "-n", "--env", "A=1");
        Assert.Equal("web", request.CellName);
        Assert.Equal("srv", request.Executable.Name);
        Assert.Equal(["/srv/app", "--name", "x", "-n", "--env", "A=1"], request.Executable.Argv);
        Assert.Empty(request.Executable.Environment);
        Assert.Equal("", request.Executable.Command);
    }

    [Fact]
    public void Options_before_the_double_dash_fill_the_executable()
    {
        var request = RunCommand.ParseRequest("web", "--env", "A=1", "--env", "B=x=y", "--cwd", "/tmp", "--uid", "1000", "--gid", "100", "--", "ls");
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "x=y" }, request.Executable.Environment);
        Assert.Equal("/tmp", request.Executable.WorkingDirectory);
        Assert.Equal(1000u, request.Executable.Uid);
        Assert.Equal(100u, request.Executable.Gid);
        Assert.False(request.Executable.HasUid && request.Executable.Uid == 0);
    }

    [Fact]
    public void Global_options_may_come_before_the_double_dash()
    {
        var request = RunCommand.ParseRequest("web", "-n", "aurae-node-1", "--json", "--", "/bin/echo", "hi");
        Assert.Equal(["/bin/echo", "hi"], request.Executable.Argv);
    }

    [Fact]
    public void Without_uid_and_gid_they_are_unset()
    {
        var request = RunCommand.ParseRequest("web", "--", "ls");
        Assert.False(request.Executable.HasUid);
        Assert.False(request.Executable.HasGid);
    }

    [Fact]
    public void The_default_name_is_argv0s_base_name_and_a_short_random_suffix()
    {
        var request = RunCommand.ParseRequest("web", "--", "/opt/bin/My App", "-v");
        Assert.Matches("^my-app-[0-9a-f]{4}$", request.Executable.Name);
        Assert.NotEqual(RunCommand.ParseRequest("web", "--", "ls").Executable.Name, RunCommand.ParseRequest("web", "--", "ls").Executable.Name);
    }

    [Fact]
    public void Shell_runs_a_command_instead_of_argv()
    {
        var request = RunCommand.ParseRequest("web", "--shell", "echo $HOME | wc -c");
        Assert.Equal("echo $HOME | wc -c", request.Executable.Command);
        Assert.Empty(request.Executable.Argv);
        Assert.StartsWith("sh-", request.Executable.Name);
    }

    [Theory]
    [InlineData(new[] { "web" }, "nothing to run")]
    [InlineData(new[] { "web", "--shell", "true", "--", "ls" }, "not both")]
    [InlineData(new[] { "web", "--env", "NOEQUALS", "--", "ls" }, "NAME=VALUE")]
    [InlineData(new[] { "web", "--uid", "-1", "--", "ls" }, "uid")]
    public void Contradictions_and_bad_values_are_errors(string[] args, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => RunCommand.ParseRequest(args)).Message);

    [Fact]
    public void Artifacts_are_bound_where_asked_or_under_bin()
    {
        var request = RunCommand.ParseRequest("web", "--artifact", "busybox:/bin/sh", "--artifact", "app", "--", "/bin/app");
        Assert.Equal(
            [new Aurae.Api.Cells.V0.ArtifactBinding { Artifact = "busybox", Path = "/bin/sh" }, new Aurae.Api.Cells.V0.ArtifactBinding { Artifact = "app", Path = "/bin/app" }],
            request.Executable.Artifacts);
    }

    [Theory]
    [InlineData(":/bin/sh", "NAME or NAME:PATH")]
    [InlineData("busybox:", "NAME or NAME:PATH")]
    [InlineData("busybox:bin/sh", "absolute")]
    public void A_malformed_artifact_binding_is_an_error(string binding, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => RunCommand.ParseRequest("web", "--artifact", binding, "--", "/bin/sh")).Message);

    [Fact]
    public void Published_ports_are_node_port_then_workload_port()
    {
        var request = RunCommand.ParseRequest("web", "-p", "8080:80", "--publish", "2222:22", "--", "/bin/httpd");
        Assert.Equal([new Aurae.Api.Cells.V0.PublishedPort { NodePort = 8080, Port = 80 }, new Aurae.Api.Cells.V0.PublishedPort { NodePort = 2222, Port = 22 }],
            request.Executable.Ports);
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("0:80")]
    [InlineData("8080:70000")]
    [InlineData("a:b")]
    public void A_malformed_port_is_an_error(string port) =>
        Assert.Contains("NODEPORT:PORT", Assert.Throws<FormatException>(() => RunCommand.ParseRequest("web", "-p", port, "--", "/bin/sh")).Message);

    [Fact]
    public void An_image_runs_as_a_container_with_argv_replacing_its_cmd()
    {
        var bare = RunCommand.ParseRequest("web", "--image", "debian-http");
        Assert.Equal("debian-http", bare.Executable.Image);
        Assert.Empty(bare.Executable.Argv);
        Assert.Matches("^debian-http-[0-9a-f]{4}$", bare.Executable.Name);
        var overridden = RunCommand.ParseRequest("web", "--image", "busybox", "--entrypoint", "/bin/sh", "-p", "8080:80", "--", "-c", "echo hi");
        Assert.Equal(["/bin/sh"], overridden.Executable.Entrypoint);
        Assert.Equal(["-c", "echo hi"], overridden.Executable.Argv);
    }

    [Theory]
    [InlineData(new[] { "web", "--image", "x", "--shell", "true" }, "do not go together")]
    [InlineData(new[] { "web", "--entrypoint", "/bin/sh", "--", "ls" }, "--entrypoint needs --image")]
    public void Image_options_that_contradict_are_errors(string[] args, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => RunCommand.ParseRequest(args)).Message);
}
