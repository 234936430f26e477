using Aurae.Api.Cells.V0;
using Aurae.Cli.Apply;
using Aurae.Contract.Yaml;
using Aurae.Testing;

namespace Aurae.Client.Tests.Apply;

/// <summary>workloads.yaml: every field into the Start and Allocate requests, every mistake at FILE:LINE:COLUMN.</summary>
public sealed class WorkloadsFileLoaderTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("aurae-workloads-");

    public WorkloadsFileLoaderTests()
    {
        File.WriteAllText(Path.Combine(directory.Path, "busybox.tar"), "an archive, as far as loading goes");
        File.WriteAllText(Path.Combine(directory.Path, "busybox"), "a program");
        File.SetUnixFileMode(Path.Combine(directory.Path, "busybox"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(directory.Path, "motd"), "hello");
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void A_full_file_becomes_the_requests_the_node_is_sent()
    {
        var file = Load("""
            artifacts:
              busybox: busybox
              motd: {file: motd}
            images:
              web: busybox.tar
            cells:
              svc:
                isolate-network: true
                cpu-weight: 200
                cpu-max: 50000/100000
                cpuset: 0-1
                memory-max: 64M
                memory-high: 48M
                pids-max: 100
                containers:
                  httpd:
                    image: web
                    entrypoint: [/bin/busybox]
                    args: [httpd, -f, -p, "8080"]
                    env: {GREETING: hello, PORT: 8080}
                    cwd: /srv
                    uid: 1000
                    gid: 1000
                    ports: ["18080:8080"]
                    restart: always
                executables:
                  ticker:
                    argv: [/bin/sh, -c, "while true; do sleep 1; done"]
                    artifacts: [busybox:/bin/sh, "motd:/etc/motd"]
                    ports: ["18081:81"]
                    restart: on-failure
              batch: {pids-max: 10}
              batch/inner:
              tools: {privileged: true, executables: {probe: {command: "uname -a"}}}
            """);

        Assert.Equal([("busybox", true), ("motd", false)], file.Artifacts.Select(a => (a.Name, a.Executable)));
        Assert.Equal(Path.Combine(directory.Path, "busybox.tar"), Assert.Single(file.Images).FilePath);
        Assert.Equal(["batch", "batch/inner", "svc", "tools"], file.Cells.Select(c => c.Name));

        var svc = file.Cells[2].Cell;
        Assert.Equal(new Cell
        {
            Name = "svc",
            IsolateNetwork = true,
            Cpu = new CpuController { Weight = 200, Max = 50000, Period = 100000 },
            Cpuset = new CpusetController { Cpus = "0-1" },
            Memory = new MemoryController { Max = 64 << 20, High = 48 << 20 },
            Pids = new PidsController { Max = 100 },
        }, svc);

        var httpd = file.Cells[2].Workloads[0];
        Assert.True(httpd.IsContainer);
        var expected = new Executable
        {
            Name = "httpd",
            Image = "web",
            Entrypoint = { "/bin/busybox" },
            Argv = { "httpd", "-f", "-p", "8080" },
            Environment = { ["GREETING"] = "hello", ["PORT"] = "8080" },
            WorkingDirectory = "/srv",
            Uid = 1000,
            Gid = 1000,
            Ports = { new PublishedPort { NodePort = 18080, Port = 8080 } },
            Restart = RestartPolicy.Always,
        };
        Assert.Equal(expected, httpd.Spec);

        var ticker = file.Cells[2].Workloads[1];
        Assert.False(ticker.IsContainer);
        Assert.Equal(RestartPolicy.OnFailure, ticker.Spec.Restart);
        Assert.Equal(["busybox:/bin/sh", "motd:/etc/motd"], ticker.Spec.Artifacts.Select(a => $"{a.Artifact}:{a.Path}"));
        Assert.Empty(file.Cells[1].Workloads);
        Assert.Equal(new Cell { Name = "tools", Privileged = true }, file.Cells[3].Cell);
        Assert.Equal("uname -a", file.Cells[3].Workloads[0].Spec.Command);
    }

    public static TheoryData<string, int, int, string> Mistakes() => new()
    {
        { "cells:\n  web:\n    memroy-max: 1G\n", 3, 5, "unknown key (did you mean 'memory-max'?)" },
        { "cells:\n  Web: {}\n", 2, 3, "'Web' has 'W'" },
        { "cells:\n  web:\n    containers:\n      httpd: {image: web}\n", 4, 22, "image 'web' is not declared under images:" },
        { "images:\n  web: missing.tar\n", 2, 8, "does not exist" },
        { "images:\n  web: busybox.tar\ncells:\n  web:\n    containers:\n      a: {image: web, ports: [\"80\"]}\n", 6, 31, "expected NODEPORT:PORT" },
        { "images:\n  web: busybox.tar\ncells:\n  web:\n    containers:\n      a: {image: web, ports: [\"8080:80\"]}\n      b: {image: web, ports: [\"8080:81\"]}\n", 7, 31, "node port 8080 is already published by web/a (line 6)" },
        { "images:\n  web: busybox.tar\ncells:\n  web:\n    containers:\n      a: {image: web}\n    executables:\n      a: {argv: [/bin/true]}\n", 8, 7, "already runs a workload named 'a' (line 6)" },
        { "cells:\n  web:\n    executables:\n      a: {argv: [/bin/true], restart: sometimes}\n", 4, 39, "unknown restart policy 'sometimes'" },
        { "cells:\n  web:\n    executables:\n      a: {argv: [true]}\n", 4, 17, "argv[0] must be the program's absolute path" },
        { "cells:\n  web:\n    executables:\n      a: {argv: [/bin/true], command: true}\n", 4, 30, "'argv' and 'command' exclude each other" },
        { "cells:\n  web:\n    executables:\n      a: {argv: [/bin/sh], artifacts: [sh]}\n", 4, 40, "artifact 'sh' is not declared under artifacts:" },
        { "cells:\n  web:\n    executables:\n      a: {argv: [/bin/sh], ports: [\"80:80\"]}\n", 4, 35, "give cell 'web' isolate-network: true" },
        { "cells:\n  web/inner: {}\n", 2, 3, "nested in 'web', which the file does not declare" },
        { "cells:\n  web: {privileged: true, isolate-network: true}\n", 2, 9, "a privileged cell shares the node" },
        { "cells:\n  web: {cpu-weight: 0}\n", 2, 21, "expected a whole number 1-10000" },
        { "cells:\n  web: {memory-max: lots}\n", 2, 21, "lots" },
        { "cells:\n  web:\n    executables:\n      bad/name: {command: true}\n", 4, 7, "executable name 'bad/name' is not valid" },
        { "artifacts:\n  my/tool: busybox\n", 2, 3, "artifact name 'my/tool' contains '/'" },
        { "cells:\n  web:\n    executables:\n      a: {argv: [/bin/true], cwd: tmp}\n", 4, 35, "absolute path" },
        { "cells:\n  web:\n    executables:\n      a: {command: true}\n", 4, 20, "command runs /bin/sh -c in the workload's root: bind a shell there" },
        { "artifacts:\n  sh: busybox\ncells:\n  ops:\n    privileged: true\n    executables:\n      a: {argv: [/bin/sh], artifacts: [sh:/bin/sh]}\n", 7, 39, "a privileged cell's workloads run in the node's own root" },
        { "cells:\n  web:\n    executables: {a: {argv: [/bin/true]}}\n  web/child:\n", 2, 3, "cell 'web' runs workloads and holds cell 'web/child'" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_names_its_file_line_and_column(string yaml, int line, int column, string problem)
    {
        var error = Assert.Throws<ConfigFileException>(() => Load(yaml));
        Assert.Contains(problem, error.Message);
        var at = $"{Path.Combine(directory.Path, "workloads.yaml")}:{line}:{column}: ";
        Assert.True(error.Message.StartsWith(at, StringComparison.Ordinal), $"expected {at}…, got {error.Message}");
    }

    [Fact]
    public void A_missing_file_and_an_empty_one_are_named()
    {
        var missing = Assert.Throws<ConfigFileException>(() => WorkloadsFileLoader.Load(Path.Combine(directory.Path, "none.yaml")));
        Assert.Contains("none.yaml' not found", missing.Message);
        var empty = Assert.Throws<ConfigFileException>(() => Load("# nothing yet\n"));
        Assert.Contains("the file is empty", empty.Message);
    }

    private WorkloadsFile Load(string yaml)
    {
        var path = Path.Combine(directory.Path, "workloads.yaml");
        File.WriteAllText(path, yaml);
        return WorkloadsFileLoader.Load(path);
    }
}
