using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Aurae.Composer.Caching;

/// <summary>
/// Results of slow, deterministic build steps (compressing the daemon's initramfs segment at zstd
/// level 18 takes seconds), kept on disk by a key that names everything they were made from, so
/// that a second build with the same daemon and kernel skips them. A hit gives the very bytes a
/// miss would make: outputs do not depend on the cache. Entries are written to a temporary name
/// and renamed, so a crash never leaves a half-written entry; a cache that cannot be written is
/// only slower.
/// </summary>
public sealed class BuildCache
{
    /// <summary>Overrides where the cache lives (else $XDG_CACHE_HOME/aurae-compose, else ~/.cache/aurae-compose).</summary>
    public const string DirectoryVariable = "AURAE_COMPOSE_CACHE";

    private BuildCache(string directory) => Directory = Path.GetFullPath(directory);

    /// <summary>The cache's root directory.</summary>
    public string Directory { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _hitsByKind = new(StringComparer.Ordinal);

    /// <summary>Entries of one kind found so far, for the build log (a build's steps overlap, so a total could not tell them apart).</summary>
    public int HitsOf(string kind) => _hitsByKind.GetValueOrDefault(kind);

    /// <summary>A cache rooted at <paramref name="directory"/> (created when first written).</summary>
    public static BuildCache At(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return new BuildCache(directory);
    }

    /// <summary>The cache at $AURAE_COMPOSE_CACHE, $XDG_CACHE_HOME/aurae-compose or ~/.cache/aurae-compose.</summary>
    public static BuildCache Default()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
            return At(configured);
        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return At(Path.Combine(cacheHome, "aurae-compose"));
    }

    /// <summary>A key from the parts that decide a result: their SHA-256, in hex.</summary>
    public static string Key(params ReadOnlySpan<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(part));
            hash.AppendData([0]); // "ab","c" and "a","bc" differ
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The entry <paramref name="kind"/>/<paramref name="key"/>, made with <paramref name="create"/> and stored when absent.</summary>
    public byte[] GetOrCreate(string kind, string key, Func<byte[]> create)
    {
        if (TryGet(kind, key, out var cached))
            return cached;
        var bytes = create();
        Put(kind, key, bytes);
        return bytes;
    }

    /// <summary>The entry <paramref name="kind"/>/<paramref name="key"/> when the cache has it (counted as a hit).</summary>
    public bool TryGet(string kind, string key, out byte[] bytes)
    {
        try
        {
            bytes = File.ReadAllBytes(EntryPath(kind, key));
            CountHit(kind);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Absent, or unreadable (another user's cache, a file where a directory should be): made anew.
            bytes = [];
            return false;
        }
    }

    /// <summary>
    /// The entry <paramref name="kind"/>/<paramref name="key"/> opened for reading when the cache has it (counted
    /// as a hit): for entries read in one pass, so they need not be held in memory whole first.
    /// </summary>
    public bool TryOpen(string kind, string key, [NotNullWhen(true)] out Stream? stream)
    {
        try
        {
            stream = new FileStream(EntryPath(kind, key), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            CountHit(kind);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stream = null;
            return false;
        }
    }

    /// <summary>Stores an entry (best effort: a cache that cannot be written only costs speed).</summary>
    public void Put(string kind, string key, byte[] bytes) => Store(EntryPath(kind, key), bytes);

    private string EntryPath(string kind, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Path.Combine(Directory, kind, key);
    }

    private static void Store(string path, byte[] bytes)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full cache only costs speed.
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private void CountHit(string kind) => _hitsByKind.AddOrUpdate(kind, 1, (_, count) => count + 1);
}
