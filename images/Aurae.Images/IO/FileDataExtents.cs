using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Aurae.Images.IO;

/// <summary>
/// Where a sparse file holds data, as the file system reports it with lseek(2) SEEK_DATA and
/// SEEK_HOLE: a 1 GiB raw disk holding 20 MB is read as 20 MB, and the rest is known to be zeros
/// without reading it. A file system without hole reporting (or any other file) counts as data
/// throughout, which is always correct, only slower.
/// </summary>
public sealed partial class FileDataExtents
{
    // lseek(2) whence values (Linux, include/uapi/linux/fs.h).
    private const int SEEK_DATA = 3;
    private const int SEEK_HOLE = 4;
    private const int ENXIO = 6;

    private readonly long[] _starts;
    private readonly long[] _ends;

    private FileDataExtents(List<(long Start, long End)> extents)
    {
        _starts = extents.Select(e => e.Start).ToArray();
        _ends = extents.Select(e => e.End).ToArray();
    }

    /// <summary>The data extents, in file order: [Start, End) byte ranges; everything between them is a hole.</summary>
    public IReadOnlyList<(long Start, long End)> Extents => _starts.Select((start, i) => (start, _ends[i])).ToArray();

    /// <summary>Bytes in data extents (holes excluded).</summary>
    public long DataLength => _starts.Select((start, i) => _ends[i] - start).Sum();

    /// <summary>The data extents of <paramref name="stream"/>: asked of the file system for a file, the whole length otherwise.</summary>
    public static FileDataExtents Of(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var length = stream.Length;
        if (stream is FileStream file && OperatingSystem.IsLinux() && Query(file.SafeFileHandle, length) is { } extents)
            return new FileDataExtents(extents);
        return new FileDataExtents(length == 0 ? [] : [(0, length)]);
    }

    /// <summary>Whether any byte of [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="count"/>) lies in a data extent.</summary>
    public bool HasData(long offset, long count)
    {
        if (count <= 0)
            return false;
        // The first extent ending after offset; the range has data when that extent starts before the range ends.
        var low = 0;
        var high = _ends.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_ends[middle] <= offset)
                low = middle + 1;
            else
                high = middle;
        }
        return low < _starts.Length && _starts[low] < offset + count;
    }

    private static List<(long, long)>? Query(SafeFileHandle handle, long length)
    {
        var extents = new List<(long, long)>();
        long position = 0;
        while (position < length)
        {
            var data = lseek(handle, position, SEEK_DATA);
            if (data < 0)
            {
                // ENXIO: no data after position (the rest is a hole); anything else: no hole support.
                return Marshal.GetLastPInvokeError() == ENXIO ? extents : null;
            }
            var hole = lseek(handle, data, SEEK_HOLE);
            if (hole < 0)
                return null;
            extents.Add((data, Math.Min(hole, length)));
            position = hole;
        }
        return extents;
    }

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long lseek(SafeFileHandle fd, long offset, int whence);
}
