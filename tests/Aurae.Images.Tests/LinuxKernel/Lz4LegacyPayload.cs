using Aurae.Images.LinuxKernel;

namespace Aurae.Images.Tests.LinuxKernel;

/// <summary>Wraps hand-written LZ4 blocks in a legacy frame inside a bzImage and extracts them.</summary>
internal static class Lz4LegacyPayload
{
    /// <summary>Legacy frame: magic 02 21 4C 18, then the block's 4-byte little-endian size and the block.</summary>
    public static byte[] Frame(byte[] block) =>
        [0x02, 0x21, 0x4C, 0x18, (byte)block.Length, (byte)(block.Length >> 8), (byte)(block.Length >> 16), (byte)(block.Length >> 24), .. block];

    public static byte[] Extract(byte[] frame, int uncompressedLength) =>
        BzImage.Parse(SyntheticBzImage.Build(SyntheticBzImage.Payload(frame, (uint)uncompressedLength))).ExtractVmlinux();
}
