using System.Formats.Tar;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Aurae.Daemon.Oci;

/// <summary>
/// An image archive on disk, as <c>skopeo copy … oci-archive:</c>, <c>podman save</c> and
/// <c>docker save</c> write it: an uncompressed tar. Its members are indexed once (name → where
/// the bytes are) and read in place; nothing is unpacked to read it.
/// </summary>
public sealed class ImageArchive : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly Dictionary<string, (long Start, long Length)> _members;

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

    public static ImageArchive Open(string path, ImageLimits limits)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        try
        {
            return new ImageArchive(path, file, Index(path, file, limits));
        }
        catch
        {
            file.Dispose();
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

    public void Dispose() => _file.Dispose();

    private static Dictionary<string, (long, long)> Index(string path, SafeFileHandle file, ImageLimits limits)
    {
        var members = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        // Links (docker save: "ID/layer.tar -> ../HEX.tar") resolve once all regular members are known.
        var links = new List<(string Name, string Target)>();
        var fileLength = RandomAccess.GetLength(file);
        using var stream = File.OpenRead(path);
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
