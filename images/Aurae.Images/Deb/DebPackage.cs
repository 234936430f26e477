using System.Formats.Tar;
using System.Text;
using Aurae.Images.Ar;
using Aurae.Images.Compression;

namespace Aurae.Images.Deb;

/// <summary>
/// A Debian binary package (.deb, deb(5)): an ar archive whose first member "debian-binary" holds
/// the format version, followed by "control.tar[.*]" and "data.tar[.*]", the files it installs.
/// <see cref="Open"/> checks the container; <see cref="ReadDataEntries"/> streams the data archive.
/// </summary>
public sealed class DebPackage
{
    // deb(5): the first member is "debian-binary", containing the format version and a newline.
    private const string FormatVersionMember = "debian-binary";
    private const string SupportedFormatVersion = "2.0";
    // The version line is four bytes; anything much longer is not a format version.
    private const int MaxFormatVersionLength = 64;

    // deb(5): the filesystem archive is "data.tar", optionally compressed (suffix names the method).
    private const string DataMemberStem = "data.tar";

    // deb(5): the control archive, compressed likewise, holds the control file among maintainer scripts.
    private const string ControlMemberStem = "control.tar";
    private const string ControlFile = "control";

    private DebPackage(string path, string dataMemberName, CompressionFormat dataCompression)
    {
        Path = path;
        DataMemberName = dataMemberName;
        DataCompression = dataCompression;
    }

    /// <summary>The package file.</summary>
    public string Path { get; }

    /// <summary>The ar member holding the data archive, such as "data.tar.xz".</summary>
    public string DataMemberName { get; }

    public CompressionFormat DataCompression { get; }

    /// <summary>Opens the package at <paramref name="path"/> and checks its format version and data member.</summary>
    /// <exception cref="DebPackageException">It is not a readable format 2.0 package.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static DebPackage Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var archive = ArArchiveReader.Open(path);
            CheckFormatVersion(path, archive.ReadNextMember());
            var dataMember = FindDataMember(path, archive);
            var compression = Decompression.FromFileName(dataMember.Name, DataMemberStem)
                ?? throw new DebPackageException(path,
                    $"unsupported compression of '{dataMember.Name}' (supported: data.tar, data.tar.gz, data.tar.xz, data.tar.zst, data.tar.bz2)");
            return new DebPackage(path, dataMember.Name, compression);
        }
        catch (ArArchiveException e)
        {
            throw new DebPackageException(path, e.Problem, e);
        }
    }

    /// <summary>
    /// Streams the data archive entry by entry; nothing is held in memory beyond the current entry.
    /// An entry's content must be read before moving to the next one. The root directory entry
    /// ("./") is not reported.
    /// </summary>
    /// <exception cref="DebPackageException">The data archive is corrupt or truncated.</exception>
    public IEnumerable<DebDataEntry> ReadDataEntries()
    {
        var cursor = new DebDataCursor(Path, DataMemberName);
        using var archive = ArArchiveReader.Open(Path);
        var member = Guard(cursor, "cannot find the data archive", () => FindDataMember(Path, archive));
        using var data = Decompression.Open(member.Data, DataCompression);
        using var tar = new TarReader(data, leaveOpen: true);
        try
        {
            for (long index = 0; ; index++)
            {
                var entry = Guard(cursor, "cannot read the next entry", () => tar.GetNextEntry(copyData: false));
                if (entry is null)
                    yield break;
                var path = NormalizePath(entry.Name);
                if (path.Length == 0)
                    continue;
                cursor.Index = index;
                yield return new DebDataEntry(cursor, index, path, entry);
            }
        }
        finally
        {
            cursor.Index = -1;
        }
    }

    /// <summary>
    /// The package's own description, DEBIAN/control from the control archive (deb(5)): its
    /// Package, Version and Architecture fields, among others.
    /// </summary>
    /// <exception cref="DebPackageException">There is no readable control file.</exception>
    public IReadOnlyDictionary<string, string> ReadControl()
    {
        try
        {
            using var archive = ArArchiveReader.Open(Path);
            foreach (var member in archive.ReadMembers())
            {
                if (!member.Name.StartsWith(ControlMemberStem, StringComparison.Ordinal))
                    continue;
                var compression = Decompression.FromFileName(member.Name, ControlMemberStem)
                    ?? throw new DebPackageException(Path, $"unsupported compression of '{member.Name}'");
                using var control = Decompression.Open(member.Data, compression);
                using var tar = new TarReader(control, leaveOpen: true);
                while (tar.GetNextEntry() is { } entry)
                {
                    if (NormalizePath(entry.Name) != ControlFile || entry.DataStream is null)
                        continue;
                    using var reader = new StreamReader(entry.DataStream, Encoding.UTF8);
                    return Deb822.Paragraphs(reader).FirstOrDefault()
                        ?? throw new DebPackageException(Path, $"'{member.Name}' has an empty '{ControlFile}'");
                }
                throw new DebPackageException(Path, $"'{member.Name}' holds no '{ControlFile}'");
            }
            throw new DebPackageException(Path, $"no '{ControlMemberStem}[.gz|.xz|.zst]' member");
        }
        catch (Exception e) when (e is ArArchiveException or InvalidDataException or EndOfStreamException)
        {
            throw new DebPackageException(Path, $"cannot read the control archive: {e.Message}", e);
        }
    }

    /// <summary>"./usr/bin/" → "usr/bin": no leading "./" or "/", no trailing "/".</summary>
    public static string NormalizePath(string tarPath)
    {
        var path = tarPath;
        while (path.StartsWith("./", StringComparison.Ordinal))
            path = path[2..];
        path = path.Trim('/');
        return path == "." ? "" : path;
    }

    private static T Guard<T>(DebDataCursor cursor, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (DebDataCursor.IsReadFailure(e))
        {
            throw cursor.ReadFailed(what, e);
        }
    }

    private static void CheckFormatVersion(string path, ArMember? first)
    {
        if (first is null || first.Name != FormatVersionMember)
            throw new DebPackageException(path,
                $"not a Debian package: the first member is {(first is null ? "missing" : $"'{first.Name}'")}, expected '{FormatVersionMember}'");
        if (first.Size > MaxFormatVersionLength)
            throw new DebPackageException(path, $"'{FormatVersionMember}' is {first.Size} bytes, too long for a format version");
        var content = new byte[first.Size];
        first.Data.ReadExactly(content);
        var version = Encoding.ASCII.GetString(content).TrimEnd('\n');
        if (version != SupportedFormatVersion)
            throw new DebPackageException(path,
                $"unsupported package format version \"{version}\" (supported: {SupportedFormatVersion})");
    }

    private static ArMember FindDataMember(string path, ArArchiveReader archive)
    {
        foreach (var member in archive.ReadMembers())
        {
            if (member.Name.StartsWith(DataMemberStem, StringComparison.Ordinal))
                return member;
        }
        throw new DebPackageException(path, $"no '{DataMemberStem}[.gz|.xz|.zst|.bz2]' member");
    }
}
