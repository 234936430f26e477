namespace Aurae.Testing;

/// <summary>The checkout the tests run from: the first directory above the test binaries holding Aurae.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Found = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Aurae.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no Aurae.sln above {AppContext.BaseDirectory}: the tests run from a checkout");
    });

    public static string Path => Found.Value;
}
