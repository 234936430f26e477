using System.Buffers.Binary;

namespace Aurae.Images.LinuxKernel;

/// <summary>
/// The checks made on an extracted vmlinux: it must start with an ELF header (System V gABI, "ELF
/// Header") of class ELFCLASS64, little-endian, for EM_X86_64.
/// </summary>
internal static class Elf64Header
{
    /// <summary>Bytes of the ELF64 header (e_ehsize).</summary>
    public const int Length = 64;

    private static ReadOnlySpan<byte> Magic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];
    private const int ClassOffset = 4;       // e_ident[EI_CLASS]
    private const int DataOffset = 5;        // e_ident[EI_DATA]
    private const int MachineOffset = 18;    // e_machine
    private const byte ElfClass64 = 2;       // ELFCLASS64
    private const byte ElfDataLittleEndian = 1; // ELFDATA2LSB
    private const ushort MachineX86_64 = 62; // EM_X86_64

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="header"/> is an ELF64 little-endian x86-64 header.</summary>
    public static void Validate(ReadOnlySpan<byte> header)
    {
        if (header.Length < Length || !header.StartsWith(Magic))
        {
            throw new InvalidDataException("The decompressed kernel is not an ELF file (no 7F 'ELF' magic).");
        }

        if (header[ClassOffset] != ElfClass64 || header[DataOffset] != ElfDataLittleEndian)
        {
            throw new InvalidDataException(
                $"The decompressed kernel is ELF class {header[ClassOffset]}, data encoding {header[DataOffset]}; expected ELF64 little-endian.");
        }

        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(header[MachineOffset..]);
        if (machine != MachineX86_64)
        {
            throw new InvalidDataException($"The decompressed kernel is for ELF machine {machine}, not x86-64 ({MachineX86_64}).");
        }
    }
}
