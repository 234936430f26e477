namespace Aurae.Images.Tests.TestSupport;

/// <summary>A fresh directory under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("aurae-images-tests-").FullName;
    }

    public string Path { get; }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes <paramref name="content"/> to a new file <paramref name="name"/> here and returns its path.</summary>
    public string File(string name, byte[] content)
    {
        var path = Combine(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the OS cleans temp eventually.
        }
        catch (UnauthorizedAccessException)
        {
            // Extracted read-only directories may refuse deletion; not a test failure.
        }
    }
}
