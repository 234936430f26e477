using System.Formats.Tar;
using Aurae.Images.Compression;
using Aurae.Images.Deb;

namespace Aurae.Composer.Kernel;

/// <summary>
/// A tarball of one kernel release's modules (node.yaml's kernel.modules_tarball): ".tar",
/// ".tar.gz", ".tar.xz", ".tar.zst" or ".tar.bz2", holding "lib/modules/RELEASE/...",
/// "usr/lib/modules/RELEASE/...", "modules/RELEASE/..." or "RELEASE/..." (a leading "./" or "/"
/// is ignored). Every file must be in the one release directory.
/// </summary>
internal static class ModulesTarball
{
    private const string TarSuffix = ".tar";
    private static readonly string[] ModuleRoots = ["usr/lib/modules/", "lib/modules/", "modules/"];

    /// <summary>Streams the tarball once, adding its modules to <paramref name="modules"/>; returns the release.</summary>
    /// <exception cref="KernelSourceException">Unreadable, corrupt, empty, or holding several releases.</exception>
    public static string Read(string path, ModuleTreeCollector modules)
    {
        var compression = Decompression.FromFileName(path, TarSuffix)
            ?? throw new KernelSourceException(path,
                "not a modules tarball name: expected .tar, .tar.gz, .tar.xz, .tar.zst or .tar.bz2");
        string? release = null;
        string? firstFile = null;
        try
        {
            using var file = File.OpenRead(path);
            using var data = Decompression.Open(file, compression);
            using var tar = new TarReader(data, leaveOpen: true);
            while (Guard(path, "cannot read the next entry", () => tar.GetNextEntry(copyData: false)) is { } entry)
            {
                if (entry.EntryType == TarEntryType.Directory)
                    continue;
                var stored = DebPackage.NormalizePath(entry.Name);
                if (Split(stored) is not var (entryRelease, relativePath))
                    continue;
                if (release is null)
                    (release, firstFile) = (entryRelease, stored);
                else if (entryRelease != release)
                    throw new KernelSourceException(path,
                        $"files of two kernel releases (or top directories): '{firstFile}' and '{stored}'; expected one lib/modules/RELEASE/");
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    || !ModuleTreeCollector.Wants(relativePath))
                    continue;
                var content = Guard(path, $"cannot read '{stored}'", () =>
                {
                    var bytes = new byte[entry.Length];
                    entry.DataStream?.ReadExactly(bytes);
                    return bytes;
                });
                try
                {
                    modules.Add(relativePath, stored, content);
                }
                catch (InvalidDataException e)
                {
                    throw new KernelSourceException(path, e.Message, e);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not KernelSourceException)
        {
            throw new KernelSourceException(path, $"cannot read the modules tarball: {e.Message}", e);
        }
        return release ?? throw new KernelSourceException(path,
            "no modules: expected files under lib/modules/RELEASE/ (or usr/lib/modules/RELEASE/, modules/RELEASE/, RELEASE/)");
    }

    /// <summary>"lib/modules/6.1.0-56-cloud-amd64/kernel/x.ko" → ("6.1.0-56-cloud-amd64", "kernel/x.ko"); null outside a release directory.</summary>
    private static (string Release, string RelativePath)? Split(string path)
    {
        var root = ModuleRoots.FirstOrDefault(r => path.StartsWith(r, StringComparison.Ordinal)) ?? "";
        var rest = path[root.Length..];
        var slash = rest.IndexOf('/');
        return slash <= 0 ? null : (rest[..slash], rest[(slash + 1)..]);
    }

    private static T Guard<T>(string path, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not (KernelSourceException or OperationCanceledException or OutOfMemoryException))
        {
            throw new KernelSourceException(path, $"{what}: the tarball is corrupt or truncated ({e.GetType().Name}: {e.Message})", e);
        }
    }
}
