using System.Formats.Tar;
using System.IO.Compression;
using Aurae.Images.Compression;
using Aurae.Images.VirtualDisks;

namespace Aurae.Images.Gce;

/// <summary>
/// Packs a raw disk image the way Google Compute Engine imports one: a gzip-compressed GNU tar archive holding a
/// single file named <see cref="DiskFileName"/> (Compute Engine "Import a boot disk manually"; the documented
/// command is <c>tar --format=oldgnu -Sczf</c>). The disk is streamed once; the output need not be seekable.
/// </summary>
public static class GceImageArchive
{
    /// <summary>The only name Compute Engine accepts for the disk inside the archive.</summary>
    public const string DiskFileName = "disk.raw";

    /// <summary>
    /// gzip level: fixed for reproducible output; zlib's default (6), as <c>tar -z</c> uses, since the maximum
    /// level costs several times the time on multi-GiB disks for little gain.
    /// </summary>
    public const CompressionLevel GzipCompressionLevel = CompressionLevel.Optimal;

    /// <summary>disk.raw's permissions: rw-r--r--.</summary>
    private const UnixFileMode DiskFileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// Writes <paramref name="rawDisk"/> (seekable; its Length, a positive multiple of 512, is the disk size) to
    /// <paramref name="output"/> as tar.gz. The tar entry is owned by uid/gid 0 with mode 0644 and modification
    /// time <paramref name="timestamp"/> (pass <c>SourceDateEpoch.Value</c>); the gzip header has MTIME 0, no
    /// name and OS Unix, so the same disk and time give the same bytes.
    /// </summary>
    public static void Write(Stream rawDisk, Stream output, DateTimeOffset timestamp)
    {
        RawDiskReader.Open(rawDisk);
        RawDiskReader.RequireWritable(output);

        // TarWriter copies Length bytes of a seekable data stream from its current position.
        rawDisk.Position = 0;
        var entry = new GnuTarEntry(TarEntryType.RegularFile, DiskFileName)
        {
            ModificationTime = timestamp,
            Mode = DiskFileMode,
            Uid = 0,
            Gid = 0,
            DataStream = rawDisk,
        };

        // GZipStream writes MTIME 0 and no file name; GzipNormalizingStream fixes the OS byte.
        using var gzip = new GZipStream(new GzipNormalizingStream(output, leaveOpen: true), GzipCompressionLevel, leaveOpen: false);
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: true))
        {
            tar.WriteEntry(entry);
        }
    }
}
