using System.Diagnostics;

namespace Aurae.Node.Tests.Support;

/// <summary>curl on this machine (an independent HTTP client): what a user outside the node would fetch.</summary>
public static class HostCurl
{
    /// <summary>GET <paramref name="url"/> (10 s at most), with curl's <paramref name="options"/> before it: curl's exit code and the body.</summary>
    public static (int Code, string Output) Get(string url, params string[] options)
    {
        var start = new ProcessStartInfo(TestEnvironment.Tool("curl", "curl")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-sS", "--max-time", "10", .. options, url])
            start.ArgumentList.Add(argument);
        using var curl = Process.Start(start)!;
        var output = curl.StandardOutput.ReadToEnd();
        curl.StandardError.ReadToEnd();
        curl.WaitForExit();
        return (curl.ExitCode, output);
    }
}
