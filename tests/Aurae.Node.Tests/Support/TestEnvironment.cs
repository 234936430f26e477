using Aurae.Testing.Kernels;

namespace Aurae.Node.Tests.Support;

/// <summary>
/// Where the things a boot test needs are: the repository, the Debian kernel package and the
/// static daemon. A missing one fails the test with how to get it (scripts/test provides all).
/// </summary>
public static class TestEnvironment
{
    public static string RepositoryRoot => Aurae.Testing.RepositoryRoot.Path;

    /// <summary>Debian's cloud kernel package as apt serves it today (see <see cref="KernelShelf.Current"/>).</summary>
    public static string KernelDeb => KernelShelf.Default.Current("cloud-amd64").Path;

    /// <summary>Debian's generic kernel package (linux-image-amd64): every driver, e1000 among them.</summary>
    public static string GenericKernelDeb => KernelShelf.Default.Current("amd64").Path;

    public static string Daemon => Existing(
        Environment.GetEnvironmentVariable("AURAE_DAEMON") ?? Path.Combine(RepositoryRoot, "out", "bin", "auraed"),
        "the static auraed: run scripts/build (or set AURAE_DAEMON)");

    public static string ExampleNodeYaml => Existing(Path.Combine(RepositoryRoot, "examples", "node.yaml"), "the example");

    public static string Tool(string name, string package)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"'{name}' is not installed: apt-get install {package} (scripts/test does)");
    }

    private static string Existing(string path, string what) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"'{path}' not found: {what}");
}
