using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Aurae.Images.Compression;
using Aurae.Testing.Ar;

namespace Aurae.Testing.Deb;

/// <summary>Builds small Debian packages for tests: ar container, control.tar.gz, and a data.tar.</summary>
public sealed class DebPackageBuilder
{
    private readonly List<(string Path, byte[]? Content)> _entries = [];

    public CompressionFormat DataCompression { get; init; } = CompressionFormat.Gzip;

    public string FormatVersion { get; init; } = "2.0\n";

    /// <summary>Adds a directory entry ("./path/") to the data archive.</summary>
    public DebPackageBuilder Directory(string path)
    {
        _entries.Add((path, null));
        return this;
    }

    /// <summary>Adds a regular file ("./path") to the data archive.</summary>
    public DebPackageBuilder File(string path, byte[] content)
    {
        _entries.Add((path, content));
        return this;
    }

    public DebPackageBuilder File(string path, string content) => File(path, Encoding.UTF8.GetBytes(content));

    public byte[] Build() => ArArchiveBuilder.Build(
        ("debian-binary", Encoding.ASCII.GetBytes(FormatVersion)),
        ("control.tar.gz", Compress(Tar([("control", Encoding.ASCII.GetBytes("Package: test\n"))]), CompressionFormat.Gzip)),
        ("data.tar" + Decompression.SuffixOf(DataCompression), Compress(Tar(_entries), DataCompression)));

    /// <summary>Builds the package into a new file under <paramref name="directory"/> and returns its path.</summary>
    public string WriteTo(string directory, string name = "test.deb")
    {
        var path = Path.Combine(directory, name);
        System.IO.File.WriteAllBytes(path, Build());
        return path;
    }

    public static byte[] Tar(IEnumerable<(string Path, byte[]? Content)> entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Gnu, leaveOpen: true))
        {
            writer.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "./"));
            foreach (var (path, content) in entries)
            {
                if (content is null)
                {
                    writer.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "./" + path.TrimEnd('/') + "/"));
                    continue;
                }
                writer.WriteEntry(new GnuTarEntry(TarEntryType.RegularFile, "./" + path)
                {
                    DataStream = new MemoryStream(content),
                });
            }
        }
        return tar.ToArray();
    }

    public static byte[] Compress(byte[] data, CompressionFormat format)
    {
        switch (format)
        {
            case CompressionFormat.None:
                return data;
            case CompressionFormat.Gzip:
            {
                using var output = new MemoryStream();
                using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
                    gzip.Write(data);
                return output.ToArray();
            }
            case CompressionFormat.Zstd:
            {
                using var output = new MemoryStream();
                using (var zstd = new SharpCompress.Compressors.ZStandard.CompressionStream(output, level: 3, leaveOpen: true))
                    zstd.Write(data);
                return output.ToArray();
            }
            case CompressionFormat.Xz:
                // Kernel modules are xz-compressed with a CRC32 check (kmod cannot verify CRC64).
                return RunFilter("xz", "--compress --stdout --check=crc32 --lzma2=dict=1MiB", data);
            case CompressionFormat.Bzip2:
                return RunFilter("bzip2", "--compress --stdout", data);
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    private static byte[] RunFilter(string program, string arguments, byte[] input)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"This test needs the '{program}' command to make its input (Debian: apt-get install {(program == "xz" ? "xz-utils" : program)}).", e);
        }
        using (process)
        {
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardInput.BaseStream.Write(input);
            process.StandardInput.Close();
            copy.Wait();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{program} {arguments} failed: {errors.Result}");
            return output.ToArray();
        }
    }
}
