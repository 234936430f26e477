using System.Buffers.Binary;
using System.Text;
using Aurae.Images.Tests.TestSupport;

namespace Aurae.Images.Tests.LinuxKernel;

/// <summary>
/// Builds minimal bzImages around a payload (Documentation/arch/x86/boot.rst setup header fields, written
/// here independently of the library), and compresses payloads with the real command-line tools.
/// </summary>
internal static class SyntheticBzImage
{
    public const string Version = "6.9.0-aurae-test (builder@example) #1 SMP PREEMPT_DYNAMIC";
    public const int PayloadOffset = 0x180;
    private const int VersionStringOffset = 0x400;

    /// <summary>A bzImage: boot sector + <paramref name="setupSects"/> setup sectors, then the protected-mode part with the payload.</summary>
    public static byte[] Build(
        byte[] payload, byte setupSects = 3, ushort protocol = 0x020F, bool withVersion = true, int? payloadLength = null)
    {
        int realSetupSects = setupSects == 0 ? 4 : setupSects;
        int protectedMode = (realSetupSects + 1) * 512;
        byte[] image = new byte[protectedMode + PayloadOffset + payload.Length];
        image[0x1F1] = setupSects;
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x1FE), 0xAA55);
        Encoding.ASCII.GetBytes("HdrS").CopyTo(image, 0x202);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x206), protocol);
        if (withVersion)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(0x20E), VersionStringOffset - 0x200);
            Encoding.ASCII.GetBytes(Version).CopyTo(image, VersionStringOffset);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x248), PayloadOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x24C), (uint)(payloadLength ?? payload.Length));
        payload.CopyTo(image, protectedMode + PayloadOffset);
        return image;
    }

    /// <summary>A small ELF64 x86-64 executable header followed by x86-like filler rich in E8/E9 opcodes.</summary>
    public static byte[] FakeVmlinux(int length = 200_000, byte elfClass = 2, ushort machine = 62)
    {
        byte[] elf = new byte[length];
        byte[] ident = [0x7F, (byte)'E', (byte)'L', (byte)'F', elfClass, 1, 1];
        ident.CopyTo(elf, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(16), 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(18), machine);
        BinaryPrimitives.WriteUInt32LittleEndian(elf.AsSpan(20), 1);
        uint state = 12345;
        for (int i = 64; i < length; i++)
        {
            state = (state * 1103515245) + 12345;
            int choice = (int)(state >> 24) % 16;
            // Calls and jumps with near displacements (top byte 00/FF), as compiled code has, plus noise.
            elf[i] = choice switch
            {
                0 => 0xE8,
                1 => 0xE9,
                2 or 3 => 0x00,
                4 => 0xFF,
                _ => (byte)(state >> 16),
            };
        }

        return elf;
    }

    /// <summary>Compresses with a real tool reading stdin, e.g. ("/usr/bin/xz", ["--check=crc32", "--x86", "--lzma2", "-c"]).</summary>
    public static byte[] Compress(string tool, string[] arguments, byte[] data) =>
        ExternalTool.Run(tool, arguments, data).StandardOutput;

    /// <summary>The payload as the kernel's Makefile builds it: compressed data, plus the size for non-gzip formats.</summary>
    public static byte[] Payload(byte[] compressed, uint uncompressedLength, bool appendSize = true)
    {
        if (!appendSize)
        {
            return compressed;
        }

        byte[] payload = new byte[compressed.Length + 4];
        compressed.CopyTo(payload, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(compressed.Length), uncompressedLength);
        return payload;
    }
}
