using System.Buffers.Binary;

namespace Aurae.Images.Elf;

/// <summary>The fields of an Elf64_Shdr (System V gABI, "Sections", 64-bit layout) this library reads.</summary>
public readonly record struct ElfSectionHeader(uint NameOffset, uint Type, ulong Offset, ulong Size, uint Link)
{
    /// <summary>Bytes of an Elf64_Shdr.</summary>
    public const int Length = 64;

    /// <summary>SHT_NOBITS: the section occupies no bytes of the file (.bss).</summary>
    public const uint TypeNoBits = 8;

    private const int NameOffsetOffset = 0;
    private const int TypeOffset = 4;
    private const int OffsetOffset = 24;
    private const int SizeOffset = 32;
    private const int LinkOffset = 40;

    /// <summary>Reads the section header at the start of <paramref name="data"/> (at least <see cref="Length"/> bytes).</summary>
    public static ElfSectionHeader Read(ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(data.Length, Length, nameof(data));
        return new ElfSectionHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(data[NameOffsetOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[TypeOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[OffsetOffset..]),
            BinaryPrimitives.ReadUInt64LittleEndian(data[SizeOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(data[LinkOffset..]));
    }
}
