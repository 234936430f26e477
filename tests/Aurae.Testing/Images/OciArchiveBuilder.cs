using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Aurae.Testing.Images;

/// <summary>
/// Writes an oci-archive (image-spec image-layout.md in a tar) of the layers given, with .NET's
/// TarWriter and hand-written JSON, so that every part can be made wrong on purpose: a test
/// changes the JSON, a blob, a digest, or the archive's bytes after writing.
/// </summary>
public sealed class OciArchiveBuilder
{
    public const string LayerTar = "application/vnd.oci.image.layer.v1.tar";
    public const string LayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";

    /// <summary>Every entry's time: the same entries make the same layer, digest for digest.</summary>
    public static readonly DateTimeOffset Time = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly List<(byte[] Tar, bool Gzip)> _layers = [];

    /// <summary>A layer of these entries (uncompressed tar), stored gzip-compressed unless told otherwise.</summary>
    public OciArchiveBuilder Layer(IEnumerable<TarEntry> entries, bool gzip = true)
    {
        _layers.Add((Tar(entries), gzip));
        return this;
    }

    /// <summary>Changes the config JSON before it is written (its digest follows).</summary>
    public Action<JsonObject>? EditConfig { get; init; }

    /// <summary>Changes the manifest JSON before it is written (its digest follows).</summary>
    public Action<JsonObject>? EditManifest { get; init; }

    /// <summary>Changes index.json before it is written.</summary>
    public Action<JsonObject>? EditIndex { get; init; }

    /// <summary>Changes a layer's blob after its digest went into the manifest (layer index, bytes).</summary>
    public Func<int, byte[], byte[]>? TamperBlob { get; init; }

    /// <summary>More members written into the archive as they are (name → bytes).</summary>
    public Dictionary<string, byte[]> ExtraMembers { get; } = [];

    public static byte[] Tar(IEnumerable<TarEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
                writer.WriteEntry(entry);
        }
        return buffer.ToArray();
    }

    public static PaxTarEntry File(string name, string content, int mode = 0x1A4 /* 0644 */, int uid = 0)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = (UnixFileMode)mode,
            Uid = uid,
            Gid = uid,
            ModificationTime = Time,
        };
        return entry;
    }

    public static PaxTarEntry Directory(string name) =>
        new(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED /* 0755 */, ModificationTime = Time };

    public static PaxTarEntry Symlink(string name, string target) =>
        new(TarEntryType.SymbolicLink, name) { LinkName = target, ModificationTime = Time };

    public static PaxTarEntry HardLink(string name, string target) =>
        new(TarEntryType.HardLink, name) { LinkName = target, ModificationTime = Time };

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Writes the archive to <paramref name="path"/>.</summary>
    public string Write(string path)
    {
        var blobs = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string Blob(byte[] bytes)
        {
            var digest = Sha256(bytes);
            blobs[digest] = bytes;
            return digest;
        }

        var layerDescriptors = new JsonArray();
        var diffIds = new JsonArray();
        for (var i = 0; i < _layers.Count; i++)
        {
            var (tar, gzip) = _layers[i];
            diffIds.Add(Sha256(tar));
            var stored = gzip ? Gzip(tar) : tar;
            var digest = Sha256(stored);
            layerDescriptors.Add(new JsonObject
            {
                ["mediaType"] = gzip ? LayerGzip : LayerTar,
                ["digest"] = digest,
                ["size"] = stored.Length,
            });
            var tampered = TamperBlob?.Invoke(i, stored) ?? stored;
            blobs[digest] = tampered;
        }
        var config = new JsonObject
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = new JsonObject { ["Entrypoint"] = new JsonArray("/bin/sh") },
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = diffIds },
        };
        EditConfig?.Invoke(config);
        var configBytes = Encoding.UTF8.GetBytes(config.ToJsonString());
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.config.v1+json",
                ["digest"] = Blob(configBytes),
                ["size"] = configBytes.Length,
            },
            ["layers"] = layerDescriptors,
        };
        EditManifest?.Invoke(manifest);
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new JsonArray(new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["digest"] = Blob(manifestBytes),
                ["size"] = manifestBytes.Length,
                ["platform"] = new JsonObject { ["architecture"] = "amd64", ["os"] = "linux" },
            }),
        };
        EditIndex?.Invoke(index);

        using var file = System.IO.File.Create(path);
        using var writer = new TarWriter(file, TarEntryFormat.Pax);
        Member(writer, "oci-layout", Encoding.UTF8.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}"));
        Member(writer, "index.json", Encoding.UTF8.GetBytes(index.ToJsonString()));
        foreach (var (digest, bytes) in blobs)
            Member(writer, $"blobs/sha256/{digest["sha256:".Length..]}", bytes);
        foreach (var (name, bytes) in ExtraMembers)
            Member(writer, name, bytes);
        return path;
    }

    /// <summary>The bytes of a blob written into the archive, for JSON a test builds itself.</summary>
    public static void Member(TarWriter writer, string name, byte[] bytes) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes), ModificationTime = Time });

    public static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(bytes);
        return buffer.ToArray();
    }
}
