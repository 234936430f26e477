using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Aurae.Composer.Caching;

/// <summary>
/// A file's SHA-256, computed once per process for the same path, length and modification time:
/// a build hashes the kernel package (26 MB) for the build cache's key and again for the SBOM.
/// </summary>
public static class FileDigest
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Modified), string> Known = new();

    /// <summary>The lower-case hex SHA-256 of <paramref name="path"/>'s content.</summary>
    public static string Sha256Hex(string path)
    {
        var file = new FileInfo(path);
        return Known.GetOrAdd((file.FullName, file.Length, file.LastWriteTimeUtc), static key =>
        {
            using var stream = File.OpenRead(key.Path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }
}
