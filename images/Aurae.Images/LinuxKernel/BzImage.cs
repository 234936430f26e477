using System.Buffers.Binary;
using System.Text;
using Aurae.Images.Compression;

namespace Aurae.Images.LinuxKernel;

/// <summary>
/// An x86 Linux bzImage, read through its real-mode setup header (Documentation/arch/x86/boot.rst,
/// "The Real-Mode Kernel Header"): boot protocol version, kernel version string and the compressed
/// payload, which <see cref="ExtractVmlinux(Stream)"/> turns back into the ELF vmlinux that
/// Firecracker, Cloud Hypervisor and QEMU microvm boot directly.
/// </summary>
public sealed class BzImage
{
    // --- Setup header fields (boot.rst, "The Real-Mode Kernel Header"), offsets from the file start. ---
    private const int SetupSectsOffset = 0x1F1;       // setup_sects, 1 byte
    private const int BootFlagOffset = 0x1FE;         // boot_flag, 2 bytes
    private const int HeaderOffset = 0x202;           // header, "HdrS"
    private const int VersionOffset = 0x206;          // version, 2 bytes, major in the high byte
    private const int KernelVersionOffset = 0x20E;    // kernel_version, 2 bytes
    private const int PayloadOffsetOffset = 0x248;    // payload_offset, 4 bytes (protocol 2.08+)
    private const int PayloadLengthOffset = 0x24C;    // payload_length, 4 bytes (protocol 2.08+)
    private const int SetupHeaderEnd = 0x250;

    private const ushort BootFlag = 0xAA55;
    private static ReadOnlySpan<byte> HeaderMagic => "HdrS"u8;

    /// <summary>setup_sects: "If this field is 0, the real value is 4."</summary>
    private const int DefaultSetupSects = 4;

    /// <summary>Setup sectors are 512 bytes; the boot sector precedes them.</summary>
    private const int SectorLength = 512;

    /// <summary>kernel_version holds the string's offset "less 0x200".</summary>
    private const int KernelVersionBase = 0x200;

    /// <summary>The kernel version string is human-readable text well below this length.</summary>
    private const int KernelVersionMaximumLength = 512;

    /// <summary>payload_offset and payload_length exist from boot protocol 2.08.</summary>
    public static readonly Version MinimumBootProtocol = new(2, 8);

    /// <summary>
    /// Non-gzip payloads end with the decompressed size as 4 little-endian bytes (the kernel's
    /// size_append in scripts/Makefile.lib); gzip's own trailer ends with the same field (ISIZE, RFC 1952).
    /// </summary>
    private const int SizeTrailerLength = sizeof(uint);

    private const int CopyBufferLength = 1 << 20;

    /// <summary>The payload compressions <see cref="ExtractVmlinux(Stream)"/> decodes (the kernel also knows bzip2, LZMA and LZO).</summary>
    private static readonly CompressionFormat[] ExtractableCompressions =
        [CompressionFormat.Gzip, CompressionFormat.Xz, CompressionFormat.Lz4, CompressionFormat.Zstd];

    private BzImage(
        ReadOnlyMemory<byte> image, Version bootProtocol, int setupSectors, string? kernelVersion,
        CompressionFormat compression, ReadOnlyMemory<byte> payload)
    {
        Image = image;
        BootProtocolVersion = bootProtocol;
        SetupSectors = setupSectors;
        KernelVersion = kernelVersion;
        PayloadCompression = compression;
        Payload = payload;
        VmlinuxLength = BinaryPrimitives.ReadUInt32LittleEndian(payload.Span[^SizeTrailerLength..]);
    }

    /// <summary>The whole bzImage.</summary>
    public ReadOnlyMemory<byte> Image { get; }

    /// <summary>Boot protocol version from the setup header, e.g. 2.15; at least <see cref="MinimumBootProtocol"/>.</summary>
    public Version BootProtocolVersion { get; }

    /// <summary>Number of 512-byte setup sectors after the boot sector (setup_sects, 0 read as 4).</summary>
    public int SetupSectors { get; }

    /// <summary>
    /// The kernel version string, e.g. "6.1.0-56-cloud-amd64 (debian-kernel@lists.debian.org) #1 SMP ...",
    /// or null when the header has none (kernel_version is 0).
    /// </summary>
    public string? KernelVersion { get; }

    /// <summary>The release as `uname -r` prints it: the version string's first word, e.g. "6.1.0-56-cloud-amd64".</summary>
    public string? KernelRelease => KernelVersion?.Split(' ', 2)[0];

    /// <summary>How <see cref="Payload"/> is compressed.</summary>
    public CompressionFormat PayloadCompression { get; }

    /// <summary>The compressed payload (payload_offset/payload_length), including its trailing size field.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>Length of the vmlinux the payload decompresses to, from the payload's last 4 bytes.</summary>
    public uint VmlinuxLength { get; }

    /// <summary>
    /// Reads the setup header of <paramref name="image"/>. Throws <see cref="InvalidDataException"/> for
    /// a file that is not a bzImage, a boot protocol below 2.08, a payload outside the file or with an unknown magic.
    /// </summary>
    public static BzImage Parse(ReadOnlyMemory<byte> image)
    {
        ReadOnlySpan<byte> data = image.Span;
        if (data.Length < SetupHeaderEnd
            || BinaryPrimitives.ReadUInt16LittleEndian(data[BootFlagOffset..]) != BootFlag
            || !data[HeaderOffset..].StartsWith(HeaderMagic))
        {
            throw new InvalidDataException("Not a bzImage: the boot flag 55 AA at 0x1FE or the 'HdrS' setup header at 0x202 is missing.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(data[VersionOffset..]);
        var bootProtocol = new Version(version >> 8, version & 0xFF);
        if (bootProtocol < MinimumBootProtocol)
        {
            throw new InvalidDataException(
                $"The bzImage uses boot protocol {bootProtocol}; {MinimumBootProtocol} or later is needed to locate the payload.");
        }

        int setupSectors = data[SetupSectsOffset] == 0 ? DefaultSetupSects : data[SetupSectsOffset];
        long protectedModeStart = (long)(setupSectors + 1) * SectorLength;
        uint payloadOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[PayloadOffsetOffset..]);
        uint payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(data[PayloadLengthOffset..]);
        long payloadStart = protectedModeStart + payloadOffset;
        if (payloadLength <= SizeTrailerLength || payloadStart + payloadLength > data.Length)
        {
            throw new InvalidDataException(
                $"The bzImage payload (offset 0x{payloadStart:X}, {payloadLength} bytes) does not fit in the {data.Length}-byte file: it is truncated or the header is corrupt.");
        }

        ReadOnlyMemory<byte> payload = image.Slice((int)payloadStart, (int)payloadLength);
        CompressionFormat compression = CompressionMagic.Detect(payload.Span)
            ?? throw new InvalidDataException(
                $"The bzImage payload starts with {Convert.ToHexString(payload.Span[..Math.Min(6, payload.Length)])}, which is no known compression magic.");
        return new BzImage(image, bootProtocol, setupSectors, ReadKernelVersion(data, protectedModeStart), compression, payload);
    }

    /// <summary>Decompresses the payload to the ELF vmlinux and returns it.</summary>
    public byte[] ExtractVmlinux()
    {
        using var output = new MemoryStream((int)Math.Min(VmlinuxLength, int.MaxValue));
        ExtractVmlinux(output);
        return output.ToArray();
    }

    /// <summary>
    /// Decompresses the payload to <paramref name="destination"/>, streaming. Throws
    /// <see cref="NotSupportedException"/> for bzip2, LZMA and LZO payloads, and
    /// <see cref="InvalidDataException"/> when the payload is corrupt or truncated, its length differs from
    /// <see cref="VmlinuxLength"/>, or the result is not an ELF64 x86-64 file.
    /// </summary>
    public void ExtractVmlinux(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!ExtractableCompressions.Contains(PayloadCompression))
        {
            throw new NotSupportedException(
                $"The kernel payload uses unsupported compression '{PayloadCompression}'; gzip, xz, lz4 and zstd can be extracted.");
        }

        using Stream decoder = Guard(OpenDecoder);
        byte[] buffer = new byte[CopyBufferLength];
        int headerRead = Guard(() => decoder.ReadAtLeast(buffer.AsSpan(0, VmlinuxHeader.Length), VmlinuxHeader.Length, throwOnEndOfStream: false));
        VmlinuxHeader.Validate(buffer.AsSpan(0, headerRead));
        destination.Write(buffer, 0, headerRead);
        long total = headerRead;
        while (true)
        {
            int read = Guard(() => decoder.Read(buffer, 0, buffer.Length));
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total > VmlinuxLength)
            {
                throw new InvalidDataException(
                    $"The {PayloadCompression} kernel payload decompresses to more than the {VmlinuxLength} bytes its size field records.");
            }

            destination.Write(buffer, 0, read);
        }

        if (total != VmlinuxLength)
        {
            throw new InvalidDataException(
                $"The {PayloadCompression} kernel payload decompresses to {total} bytes, but its size field records {VmlinuxLength}.");
        }
    }

    private Stream OpenDecoder()
    {
        // gzip's trailer is part of its format; the other formats stop before the appended size.
        ReadOnlyMemory<byte> compressed = PayloadCompression == CompressionFormat.Gzip ? Payload : Payload[..^SizeTrailerLength];
        return Decompression.Open(compressed, PayloadCompression);
    }

    /// <summary>Runs a decoder step, reporting any decoder failure as a corrupt payload that names the compression.</summary>
    private T Guard<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is not (OutOfMemoryException or NotSupportedException))
        {
            throw new InvalidDataException($"The {PayloadCompression} kernel payload is corrupt or truncated: {e.Message}", e);
        }
    }

    private static string? ReadKernelVersion(ReadOnlySpan<byte> data, long protectedModeStart)
    {
        ushort pointer = BinaryPrimitives.ReadUInt16LittleEndian(data[KernelVersionOffset..]);
        if (pointer == 0)
        {
            return null;
        }

        // The string lives in the setup code, before the protected-mode kernel.
        long start = (long)pointer + KernelVersionBase;
        long end = Math.Min(Math.Min(protectedModeStart, data.Length), start + KernelVersionMaximumLength);
        int terminator = start < end ? data[(int)start..(int)end].IndexOf((byte)0) : -1;
        if (terminator <= 0)
        {
            throw new InvalidDataException(
                $"The bzImage kernel_version pointer 0x{pointer:X} does not lead to a NUL-terminated string in the setup code.");
        }

        return Encoding.UTF8.GetString(data.Slice((int)start, terminator));
    }
}
