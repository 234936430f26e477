using System.Diagnostics;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Boot;

/// <summary>The daemon that becomes /init is one static executable: the initramfs has no loader and no libraries.</summary>
public sealed class StaticDaemonTests
{
    [Fact]
    public void File_says_the_daemon_is_a_static_x86_64_executable()
    {
        var start = new ProcessStartInfo(TestEnvironment.Tool("file", "file"), ["--brief", TestEnvironment.Daemon])
        {
            RedirectStandardOutput = true,
        };
        using var file = Process.Start(start)!;
        var description = file.StandardOutput.ReadToEnd();
        file.WaitForExit();

        Assert.Contains("ELF 64-bit LSB", description);
        Assert.Contains("x86-64", description);
        Assert.Matches("static-pie linked|statically linked", description);
        Assert.DoesNotContain("interpreter", description);
    }
}
