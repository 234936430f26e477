using System.Buffers.Binary;

namespace Aurae.Images.Qcow2;

/// <summary>
/// The qcow2 version 3 image header at offset 0 (QEMU docs/interop/qcow2.txt, "Header"), big-endian,
/// without a backing file, encryption, snapshots or feature bits, followed by the end-of-extensions marker.
/// </summary>
internal sealed record Qcow2Header(ulong Size, uint L1Size, ulong L1TableOffset, ulong RefcountTableOffset, uint RefcountTableClusters)
{
    /// <summary>"QFI\xfb" (qcow2.txt, header bytes 0-3).</summary>
    public const uint Magic = 0x514649FB;

    /// <summary>Version 3 (qcow2.txt, bytes 4-7): feature bits, zero-cluster flag and refcount_order exist.</summary>
    public const uint Version = 3;

    /// <summary>log2 of the cluster size: 64 KiB, QEMU's default (qcow2.txt, bytes 20-23).</summary>
    public const int ClusterBits = 16;

    /// <summary>Refcounts are 2^4 = 16 bits wide, the only width before refcount_order existed (qcow2.txt, bytes 96-99).</summary>
    public const int RefcountOrder = 4;

    /// <summary>
    /// header_length (qcow2.txt, bytes 100-103): 104, the version 3 header without the optional compression
    /// type byte (bytes 104+), whose absence means zlib.
    /// </summary>
    public const int Length = 104;

    /// <summary>The header plus the 8-byte end-of-header-extensions marker (type 0, length 0; qcow2.txt, "Header extensions").</summary>
    public const int LengthWithExtensions = Length + EndOfExtensionsMarkerLength;

    private const int EndOfExtensionsMarkerLength = 8;

    // Field offsets, qcow2.txt "Header"; fields not listed (backing file, crypt method, snapshots,
    // feature bitmaps) stay zero.
    private const int MagicOffset = 0;
    private const int VersionOffset = 4;
    private const int ClusterBitsOffset = 20;
    private const int SizeOffset = 24;
    private const int L1SizeOffset = 36;
    private const int L1TableOffsetOffset = 40;
    private const int RefcountTableOffsetOffset = 48;
    private const int RefcountTableClustersOffset = 56;
    private const int RefcountOrderOffset = 96;
    private const int HeaderLengthOffset = 100;

    /// <summary>Writes the header and the end-of-extensions marker into the first <see cref="LengthWithExtensions"/> bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        Span<byte> header = destination[..LengthWithExtensions];
        header.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(header[MagicOffset..], Magic);
        BinaryPrimitives.WriteUInt32BigEndian(header[VersionOffset..], Version);
        BinaryPrimitives.WriteUInt32BigEndian(header[ClusterBitsOffset..], ClusterBits);
        BinaryPrimitives.WriteUInt64BigEndian(header[SizeOffset..], Size);
        BinaryPrimitives.WriteUInt32BigEndian(header[L1SizeOffset..], L1Size);
        BinaryPrimitives.WriteUInt64BigEndian(header[L1TableOffsetOffset..], L1TableOffset);
        BinaryPrimitives.WriteUInt64BigEndian(header[RefcountTableOffsetOffset..], RefcountTableOffset);
        BinaryPrimitives.WriteUInt32BigEndian(header[RefcountTableClustersOffset..], RefcountTableClusters);
        BinaryPrimitives.WriteUInt32BigEndian(header[RefcountOrderOffset..], RefcountOrder);
        BinaryPrimitives.WriteUInt32BigEndian(header[HeaderLengthOffset..], Length);
    }
}
