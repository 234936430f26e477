using System.Security.Cryptography;
using System.Text.Json;

namespace Aurae.Images.Tests.TestSupport;

/// <summary>
/// Raw disk samples and qemu-img validation shared by the Qcow2, Vhd, Vmdk and Gce tests. Samples are
/// files in a temp directory; where they hold data is listed so tests can predict allocation independently.
/// </summary>
internal static class VirtualDiskSamples
{
    public const string QemuImg = "/usr/bin/qemu-img";
    public const long MiB = 1024 * 1024;

    /// <summary>Size of the sparse sample: 64 MiB, two VMDK grain tables, 32 VHD blocks, 1024 qcow2 clusters.</summary>
    public const long SparseSize = 64 * MiB;

    /// <summary>
    /// Writes a 64 MiB disk that is zero except for: the first sector; a run crossing the 2 MiB boundary
    /// (a qcow2 cluster, VMDK grain and VHD block boundary); random bytes from a fixed seed crossing the 32 MiB
    /// boundary (a VMDK grain table boundary); a single byte mid-disk; and the last sector.
    /// </summary>
    public static string CreateSparse(string directory, string name = "sparse.raw")
    {
        string path = Path.Combine(directory, name);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(SparseSize);
        WriteAt(file, 0, Pattern(512, 1));
        WriteAt(file, (2 * MiB) - 3000, Pattern(7000, 2));
        var random = new Random(20240401);
        byte[] noise = new byte[300_000];
        random.NextBytes(noise);
        WriteAt(file, (32 * MiB) - 100_000, noise);
        WriteAt(file, (45 * MiB) + 12345, [0x5A]);
        WriteAt(file, SparseSize - 512, Pattern(512, 3));
        return path;
    }

    /// <summary>Writes a disk of <paramref name="size"/> bytes of seeded random data: no chunk of it is zero.</summary>
    public static string CreateDense(string directory, long size, string name = "dense.raw")
    {
        string path = Path.Combine(directory, name);
        var random = new Random(77);
        byte[] buffer = new byte[MiB];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        for (long remaining = size; remaining > 0; remaining -= buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, remaining));
        }

        return path;
    }

    /// <summary>A sparse file of <paramref name="size"/> bytes (File.SetLength: no blocks on disk) with only its last sector set.</summary>
    public static string CreateHuge(string directory, long size, string name = "huge.raw")
    {
        string path = Path.Combine(directory, name);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(size);
        WriteAt(file, size - 512, Pattern(512, 9));
        return path;
    }

    /// <summary>Indices of the <paramref name="chunkSize"/>-byte chunks of <paramref name="path"/> holding a non-zero byte.</summary>
    public static List<long> NonZeroChunks(string path, int chunkSize)
    {
        var result = new List<long>();
        byte[] buffer = new byte[chunkSize];
        using FileStream file = File.OpenRead(path);
        for (long index = 0; ; index++)
        {
            int read = file.ReadAtLeast(buffer, chunkSize, throwOnEndOfStream: false);
            if (read == 0)
            {
                return result;
            }

            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                result.Add(index);
            }
        }
    }

    /// <summary>Runs <paramref name="write"/> with the raw disk opened read-only and an output that cannot seek.</summary>
    public static void Convert(string rawPath, string outputPath, Action<Stream, Stream> write)
    {
        using FileStream raw = File.OpenRead(rawPath);
        using var file = new FileStream(outputPath, FileMode.Create, FileAccess.Write);
        using var output = new ForwardOnlyStream(file);
        write(raw, output);
    }

    /// <summary>`qemu-img check`: asserts exit 0 and "No errors were found on the image."; returns its JSON report.</summary>
    public static JsonElement QemuImgCheck(string format, string path)
    {
        ExternalTool.Result text = ExternalTool.Run(QemuImg, ["check", "-f", format, path]);
        Assert.Contains("No errors were found on the image.", text.StandardOutputText);
        ExternalTool.Result json = ExternalTool.Run(QemuImg, ["check", "-f", format, "--output=json", path]);
        return JsonDocument.Parse(json.StandardOutputText).RootElement.Clone();
    }

    /// <summary>`qemu-img info --output=json`, probing the format itself; asserts exit 0.</summary>
    public static JsonElement QemuImgInfo(string path)
    {
        ExternalTool.Result result = ExternalTool.Run(QemuImg, ["info", "--output=json", path]);
        return JsonDocument.Parse(result.StandardOutputText).RootElement.Clone();
    }

    /// <summary>`qemu-img compare -f raw -F format raw image`: asserts exit 0 and "Images are identical.".</summary>
    public static void QemuImgCompareIdentical(string rawPath, string format, string imagePath)
    {
        ExternalTool.Result result = ExternalTool.Run(QemuImg, ["compare", "-f", "raw", "-F", format, rawPath, imagePath]);
        Assert.Contains("Images are identical.", result.StandardOutputText);
    }

    /// <summary>`qemu-img compare` without asserting success.</summary>
    public static ExternalTool.Result QemuImgCompare(string rawPath, string format, string imagePath) =>
        ExternalTool.RunUnchecked(QemuImg, ["compare", "-f", "raw", "-F", format, rawPath, imagePath]);

    public static string Sha256(string path)
    {
        using FileStream file = File.OpenRead(path);
        return System.Convert.ToHexString(SHA256.HashData(file));
    }

    /// <summary>Overwrites bytes of a file in place (to corrupt written images on purpose).</summary>
    public static void Patch(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        WriteAt(file, offset, bytes);
    }

    public static byte[] ReadAt(string path, long offset, int count)
    {
        using FileStream file = File.OpenRead(path);
        file.Position = offset;
        byte[] buffer = new byte[count];
        file.ReadExactly(buffer);
        return buffer;
    }

    private static void WriteAt(FileStream file, long offset, ReadOnlySpan<byte> bytes)
    {
        file.Position = offset;
        file.Write(bytes);
    }

    private static byte[] Pattern(int length, int seed) =>
        Enumerable.Range(0, length).Select(i => (byte)(((i * 31) + (seed * 17)) | 1)).ToArray();

    /// <summary>
    /// Wraps a stream so it can be read or written only front to back: proves a writer never seeks its
    /// output, and serves as the non-seekable input of bad-input tests.
    /// </summary>
    public sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }
}
