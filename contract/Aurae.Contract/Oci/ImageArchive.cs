using System.Formats.Tar;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Aurae.Contract.Oci;

/// <summary>
/// An image archive on disk, as <c>skopeo copy … oci-archive:</c>, <c>podman save</c> and
/// <c>docker save</c> write it: a tar. Its members are indexed once (name → where the bytes are)
/// and read in place; nothing is unpacked to read it. A gzip- or zstd-compressed archive
/// (<c>docker save IMAGE | gzip</c>) is first decompressed into a scratch file, removed on dispose.
/// </summary>
public sealed class ImageArchive : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly Dictionary<string, (long Start, long Length)> _members;

    private static readonly byte[] GzipMagic = [0x1F, 0x8B];
    private static readonly byte[] ZstdMagic = [0x28, 0xB5, 0x2F, 0xFD];

    // The decompressed copy of a compressed archive, deleted with the archive; null otherwise.
    private string? _scratch;

    private ImageArchive(string path, SafeFileHandle file, Dictionary<string, (long, long)> members)
    {
        Path = path;
        _file = file;
        _members = members;
    }

    public string Path { get; }

    /// <summary>The regular members' names ("index.json", "blobs/sha256/…"), without a leading "./".</summary>
    public IEnumerable<string> MemberNames => _members.Keys;

    public bool Contains(string name) => _members.ContainsKey(name);

    /// <param name="scratchDirectory">Where a compressed archive is decompressed to.</param>
    public static ImageArchive Open(string path, ImageLimits limits, string scratchDirectory)
    {
        var scratch = Decompressed(path, limits, scratchDirectory);
        var readable = scratch ?? path;
        SafeFileHandle? file = null;
        try
        {
            file = File.OpenHandle(readable, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
            return new ImageArchive(path, file, Index(path, readable, file, limits)) { _scratch = scratch };
        }
        catch
        {
            file?.Dispose();
            if (scratch is not null)
                File.Delete(scratch);
            throw;
        }
    }

    /// <summary>The path of the archive decompressed into <paramref name="scratchDirectory"/>, or null when it is a plain tar.</summary>
    private static string? Decompressed(string path, ImageLimits limits, string scratchDirectory)
    {
        Span<byte> head = stackalloc byte[4];
        int read;
        using (var probe = File.OpenRead(path))
            read = probe.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        string name;
        Func<Stream, Stream> open;
        if (head[..read].StartsWith(GzipMagic))
            (name, open) = ("gzip", s => new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionMode.Decompress));
        else if (head[..read].StartsWith(ZstdMagic))
            (name, open) = ("zstd", s => new ZstdSharp.DecompressionStream(s));
        else
            return null;
        var scratch = System.IO.Path.Combine(scratchDirectory, "archive-" + System.IO.Path.GetRandomFileName() + ".tar");
        try
        {
            using var compressed = open(File.OpenRead(path));
            using var output = new FileStream(scratch, FileMode.CreateNew, FileAccess.Write);
            var buffer = new byte[1 << 16];
            long total = 0;
            int got;
            while ((got = compressed.Read(buffer)) > 0)
            {
                total += got;
                if (total > limits.MaxArchiveBytes)
                    throw ImageException.Limit(path, $"the {name}-compressed archive expands past {limits.MaxArchiveBytes} bytes");
                output.Write(buffer, 0, got);
            }
            return scratch;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            File.Delete(scratch);
            throw ImageException.Invalid(path, $"corrupt or truncated {name} data: {e.Message}");
        }
        catch
        {
            File.Delete(scratch);
            throw;
        }
    }

    /// <summary>The member's bytes. A member the archive lacks is named in the error.</summary>
    public Stream OpenMember(string name, string referredBy)
    {
        if (!_members.TryGetValue(name, out var member))
            throw ImageException.Invalid(referredBy, $"names '{name}', which the archive does not hold");
        return new ArchiveMemberStream(_file, member.Start, member.Length);
    }

    public long MemberLength(string name) => _members[name].Length;

    /// <summary>A JSON member, within <see cref="ImageLimits.MaxJsonBytes"/>; <paramref name="digest"/>, when given, is checked.</summary>
    public JsonDocument ReadJson(string name, string referredBy, ImageLimits limits, Digest? digest = null)
    {
        if (!_members.TryGetValue(name, out var member))
            throw ImageException.Invalid(referredBy, $"names '{name}', which the archive does not hold");
        if (member.Length > limits.MaxJsonBytes)
            throw ImageException.Limit(name, $"{member.Length} bytes of JSON, more than the {limits.MaxJsonBytes} an image may have");
        var bytes = new byte[member.Length];
        RandomAccess.Read(_file, bytes, member.Start);
        if (digest is { } expected && Digest.Of(bytes) is var actual && actual != expected)
            throw ImageException.Invalid(name, $"its content is {actual}, not {expected} as {referredBy} says");
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw ImageException.Invalid(name, $"not valid JSON: {e.Message}");
        }
    }

    public void Dispose()
    {
        _file.Dispose();
        if (_scratch is not null)
            File.Delete(_scratch);
    }

    /// <param name="path">The archive as the caller named it (for messages).</param>
    /// <param name="readable">The tar itself (path, or its decompressed copy).</param>
    private static Dictionary<string, (long, long)> Index(string path, string readable, SafeFileHandle file, ImageLimits limits)
    {
        var members = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        // Links (docker save: "ID/layer.tar -> ../HEX.tar") resolve once all regular members are known.
        var links = new List<(string Name, string Target)>();
        var fileLength = RandomAccess.GetLength(file);
        using var stream = File.OpenRead(readable);
        try
        {
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                if (members.Count + links.Count >= limits.MaxArchiveMembers)
                    throw ImageException.Limit(path, $"more than {limits.MaxArchiveMembers} members");
                var name = MemberName(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        if (entry.DataOffset < 0 || entry.DataOffset + entry.Length > fileLength)
                            throw ImageException.Invalid(path, $"truncated: member '{name}' ends past the end of the file");
                        if (!members.TryAdd(name, (entry.DataOffset, entry.Length)))
                            throw ImageException.Invalid(path, $"member '{name}' appears twice");
                        break;
                    case TarEntryType.SymbolicLink:
                        links.Add((name, entry.LinkName));
                        break;
                    default:
                        break; // directories and the rest name nothing an image is read from
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw ImageException.Invalid(path, $"not a readable tar archive (truncated, or not an image archive: oci-archive or docker-archive): {e.Message}");
        }
        foreach (var (name, target) in links)
        {
            var resolved = MemberName(System.IO.Path.GetFullPath(target, "/" + (System.IO.Path.GetDirectoryName(name) ?? "")));
            if (members.TryGetValue(resolved, out var member) && !members.TryAdd(name, member))
                throw ImageException.Invalid(path, $"member '{name}' appears twice");
        }
        return members;
    }

    /// <summary>"./index.json" and "/index.json" are "index.json".</summary>
    private static string MemberName(string name)
    {
        while (name.StartsWith("./", StringComparison.Ordinal))
            name = name[2..];
        return name.TrimStart('/');
    }
}
