using Aurae.Daemon.Sandbox;
using Aurae.Testing;

namespace Aurae.Daemon.ToolTests.Sandbox;

/// <summary>
/// The running kernel installs the default program and answers as the profile says: seccomp_probe.c,
/// built here with clang, loads it and reports a few calls, then executes /bin/true under it.
/// </summary>
public sealed class SeccompKernelTests
{
    [Fact]
    public void The_kernel_accepts_the_default_program_and_enforces_it()
    {
        var work = Directory.CreateTempSubdirectory("aurae-seccomp-");
        try
        {
            var source = Path.Combine(AppContext.BaseDirectory, "Sandbox", "seccomp_probe.c");
            var probe = Path.Combine(work.FullName, "seccomp_probe");
            // A missing clang throws, naming it: this test fails rather than skips.
            var build = Tool.Run("clang", ["-O2", "-Wall", "-Wextra", "-Werror", "-pthread", "-o", probe, source]);
            Assert.True(build.ExitCode == 0, $"clang could not build {source}: {build.Output}{build.Error}");

            var program = Path.Combine(work.FullName, "default.bpf");
            File.WriteAllBytes(program, SeccompFilter.Default.Bytes);
            var (exit, output, error) = Tool.Run(probe, [program]);

            Assert.Equal(
                [
                    "install: ok",
                    "unshare(CLONE_NEWUSER): errno 1",
                    "mount: errno 1",
                    "clone3: errno 38",
                    "getpid: ok",
                    "x32 getpid: errno 1",
                    "syscall 1000: errno 38",
                    "socket(AF_ALG): errno 1",
                    "socket(AF_VSOCK): errno 1",
                    "socket(AF_INET): ok",
                    "personality(ADDR_NO_RANDOMIZE): errno 1",
                    "personality(PER_LINUX): ok",
                    "clone(CLONE_NEWUSER): errno 1",
                    "clone(CLONE_NEWUSER << 32): exit 7",
                    "fork: exit 7",
                    "pthread_create: ok",
                ],
                output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            // /bin/true's status: execve and the dynamic loader's start-up ran under the filter.
            Assert.True(exit == 0, $"the probe exited {exit}: {error}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
