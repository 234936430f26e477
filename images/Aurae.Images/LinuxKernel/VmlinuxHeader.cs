using Aurae.Images.Elf;

namespace Aurae.Images.LinuxKernel;

/// <summary>
/// The checks made on an extracted vmlinux: it must start with an ELF header of class ELFCLASS64,
/// little-endian, for EM_X86_64, the kernel the microVM monitors boot directly.
/// </summary>
internal static class VmlinuxHeader
{
    /// <summary>Bytes to read before <see cref="Validate"/> can decide.</summary>
    public const int Length = ElfHeader.Length;

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="header"/> is an ELF64 little-endian x86-64 header.</summary>
    public static void Validate(ReadOnlySpan<byte> header)
    {
        if (header.Length < Length || !ElfHeader.HasMagic(header))
        {
            throw new InvalidDataException("The decompressed kernel is not an ELF file (no 7F 'ELF' magic).");
        }

        ElfHeader elf = ElfHeader.Read(header);
        if (elf.Class != ElfHeader.Class64 || elf.DataEncoding != ElfHeader.LittleEndian)
        {
            throw new InvalidDataException(
                $"The decompressed kernel is ELF class {elf.Class}, data encoding {elf.DataEncoding}; expected ELF64 little-endian.");
        }

        if (elf.Machine != ElfHeader.MachineX86_64)
        {
            throw new InvalidDataException($"The decompressed kernel is for ELF machine {elf.Machine}, not x86-64 ({ElfHeader.MachineX86_64}).");
        }
    }
}
