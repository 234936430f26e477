using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Aurae.Contract.Client;

/// <summary>
/// Writes a client configuration file that <see cref="ClientConfigLoader"/> reads back. The file
/// names a private key, so it is created owner-only (0600) and replaced atomically: a reader
/// never sees half a file and the mode is right from the first byte.
/// </summary>
public static class ClientConfigWriter
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;

    public static void Write(string path, ClientConfig config)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);

        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile,
            }))
            using (var writer = new StreamWriter(stream))
                writer.Write(ToYaml(config));
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The file's text, for callers that show it rather than write it.</summary>
    public static string ToYaml(ClientConfig config)
    {
        var text = new StringWriter();
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new MappingStart());
        if (config.CurrentContext is { } current)
        {
            Scalar(emitter, "context");
            Scalar(emitter, current);
        }
        Scalar(emitter, "contexts");
        emitter.Emit(new MappingStart());
        foreach (var context in config.Contexts)
        {
            Scalar(emitter, context.Name);
            emitter.Emit(new MappingStart());
            Pair(emitter, "ca", context.CertificateAuthorityPath);
            Pair(emitter, "certificate", context.CertificatePath);
            Pair(emitter, "key", context.KeyPath);
            Scalar(emitter, "nodes");
            emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
            foreach (var node in context.Nodes)
            {
                emitter.Emit(new MappingStart());
                Pair(emitter, "name", node.Name);
                Pair(emitter, "endpoint", EndpointSyntax.Format(node.Endpoint));
                emitter.Emit(new MappingEnd());
            }
            emitter.Emit(new SequenceEnd());
            emitter.Emit(new MappingEnd());
        }
        emitter.Emit(new MappingEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Pair(IEmitter emitter, string key, string value)
    {
        Scalar(emitter, key);
        Scalar(emitter, value);
    }

    // Values the loader would read as something else (null, '~', numbers are fine as strings) get quoted.
    private static void Scalar(IEmitter emitter, string value) =>
        emitter.Emit(new YamlDotNet.Core.Events.Scalar(null, null, value,
            value is "" or "~" or "null" || value.StartsWith('~') ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, true, true));
}
