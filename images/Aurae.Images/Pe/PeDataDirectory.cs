using System.Buffers.Binary;

namespace Aurae.Images.Pe;

/// <summary>
/// One 8-byte data directory entry after the optional header's fixed fields (PE/COFF specification,
/// section 3.4.3 "Optional Header Data Directories").
/// </summary>
/// <param name="VirtualAddress">RVA of the table; for the certificate table, a file offset instead.</param>
/// <param name="Size">Size of the table in bytes.</param>
public readonly record struct PeDataDirectory(uint VirtualAddress, uint Size)
{
    /// <summary>8 bytes: VirtualAddress then Size.</summary>
    public const int Length = 8;

    /// <summary>Index of the Certificate Table (the "security directory" that holds Authenticode signatures).</summary>
    public const int CertificateTableIndex = 4;

    /// <summary>True when the entry points at nothing.</summary>
    public bool IsEmpty => VirtualAddress == 0 && Size == 0;

    internal static PeDataDirectory Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(source),
        BinaryPrimitives.ReadUInt32LittleEndian(source[sizeof(uint)..]));

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, VirtualAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[sizeof(uint)..], Size);
    }
}
