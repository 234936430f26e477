
namespace Aurae.Contract.Yaml;

/// <summary>
/// A YAML configuration file (node.yaml, serve.yaml) read and parsed; every failure is a
/// <see cref="ConfigFileException"/> naming the file, and the line where the YAML breaks.
/// </summary>
public static class YamlConfigFile
{
    /// <param name="kind">What the file is, for messages ("node.yaml").</param>
    /// <param name="emptyHint">What an empty file is told it needs.</param>
    public static ConfigField Read(string path, string kind, string emptyHint)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new ConfigFileException(path, $"{kind} '{path}' is a directory");
        if (!File.Exists(path))
            throw new ConfigFileException(path, $"{kind} '{path}' not found");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigFileException(path, $"cannot read {kind} '{path}': {e.Message}", e);
        }

        var source = new ConfigSource(path, kind);
        var root = YamlTreeReader.Read(YamlText.Decode(bytes, path, kind), path, kind)
            ?? throw source.Error(new SourceLocation(1, 1), "", $"the file is empty; {emptyHint}");
        return new ConfigField(source, root, "");
    }
}
