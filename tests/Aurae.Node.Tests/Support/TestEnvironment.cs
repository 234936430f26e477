namespace Aurae.Node.Tests.Support;

/// <summary>
/// Where the things a boot test needs are: the repository, the Debian kernel package and the
/// static daemon. A missing one fails the test with how to get it (scripts/test provides all).
/// </summary>
public static class TestEnvironment
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string KernelDeb => Existing(
        Environment.GetEnvironmentVariable("AURAE_TEST_KERNEL_DEB") ??
        Path.Combine(RepositoryRoot, ".cache", "kernels", "linux-image-cloud-amd64.deb"),
        "the Debian cloud kernel package: run scripts/fetch-kernel (or set AURAE_TEST_KERNEL_DEB)");

    /// <summary>Debian's generic kernel package (linux-image-amd64): every driver, e1000 among them.</summary>
    public static string GenericKernelDeb => Existing(
        Environment.GetEnvironmentVariable("AURAE_TEST_GENERIC_KERNEL_DEB") ??
        Path.Combine(RepositoryRoot, ".cache", "kernels", "linux-image-amd64.deb"),
        "the Debian generic kernel package: run scripts/fetch-kernel cloud-amd64 amd64 (or set AURAE_TEST_GENERIC_KERNEL_DEB)");

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

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aurae.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no Aurae.sln above {AppContext.BaseDirectory}");
    }
}
