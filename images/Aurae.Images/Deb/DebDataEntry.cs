using System.Formats.Tar;

namespace Aurae.Images.Deb;

/// <summary>
/// One entry of a Debian package's data archive (the files the package installs), reached while
/// streaming through it. Its content can only be read while it is the current entry, that is
/// before the enumeration that produced it moves on.
/// </summary>
public sealed class DebDataEntry
{
    private readonly DebDataCursor _cursor;
    private readonly long _index;
    private readonly Stream? _content;

    internal DebDataEntry(DebDataCursor cursor, long index, string path, TarEntry entry)
    {
        _cursor = cursor;
        _index = index;
        Path = path;
        EntryType = entry.EntryType;
        Length = entry.Length;
        LinkTarget = entry.LinkName;
        _content = entry.DataStream;
    }

    /// <summary>Path relative to the filesystem root, without a leading "./" or "/" or a trailing "/".</summary>
    public string Path { get; }

    public TarEntryType EntryType { get; }

    /// <summary>Size of the content in bytes (zero for anything but regular files).</summary>
    public long Length { get; }

    /// <summary>Target of a symbolic or hard link; empty for other entries.</summary>
    public string LinkTarget { get; }

    public bool IsRegularFile =>
        EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile;

    public bool IsDirectory => EntryType == TarEntryType.Directory;

    /// <summary>
    /// The entry's content as a forward-only stream (empty for entries without content). Errors
    /// the decompressor raises while reading it are not translated; prefer <see cref="ReadContent"/>.
    /// </summary>
    public Stream OpenContent()
    {
        EnsureCurrent();
        return _content ?? Stream.Null;
    }

    /// <summary>Reads the whole content into a new array.</summary>
    /// <exception cref="DebPackageException">The data archive is corrupt or truncated.</exception>
    public byte[] ReadContent()
    {
        EnsureCurrent();
        if (_content is null)
            return [];
        try
        {
            var content = new byte[Length];
            _content.ReadExactly(content);
            return content;
        }
        catch (Exception e) when (DebDataCursor.IsReadFailure(e))
        {
            throw _cursor.ReadFailed($"cannot read '{Path}'", e);
        }
    }

    public override string ToString() => $"{EntryType} {Path}";

    private void EnsureCurrent()
    {
        if (_cursor.Index != _index)
            throw new InvalidOperationException(
                $"The content of '{Path}' in {_cursor.PackagePath} is only readable while it is the current entry.");
    }
}
