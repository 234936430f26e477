using System.Buffers.Binary;
using System.Text;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// Hand-made x86-64 ELF executables, so the build tests need no published auraed: a minimal
/// static one (ELF header + one PT_LOAD), the same with a PT_INTERP (what a dynamically linked
/// executable has), and bytes that are no ELF at all.
/// </summary>
public static class TestElf
{
    private const int HeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const ulong BaseAddress = 0x400000;
    private const uint PT_LOAD = 1;
    private const uint PT_INTERP = 3;

    // exit(0): mov eax, 60; xor edi, edi; syscall
    private static readonly byte[] ExitCode = [0xB8, 0x3C, 0x00, 0x00, 0x00, 0x31, 0xFF, 0x0F, 0x05];

    /// <summary>A static executable that exits with status 0.</summary>
    public static byte[] Static() => Build(interpreter: null);

    /// <summary>The same program, but naming an ELF interpreter as a dynamically linked one does.</summary>
    public static byte[] Dynamic() => Build(interpreter: "/lib64/ld-linux-x86-64.so.2");

    /// <summary>A shell script: readable, executable, and not an ELF file.</summary>
    public static byte[] NotElf() => "#!/bin/sh\necho 'not an ELF file, certainly not a static one'\n"u8.ToArray();

    private static byte[] Build(string? interpreter)
    {
        var interp = interpreter is null ? [] : Encoding.ASCII.GetBytes(interpreter + "\0");
        var headerCount = interpreter is null ? 1 : 2;
        var payloadOffset = HeaderSize + headerCount * ProgramHeaderSize;
        var codeOffset = payloadOffset + interp.Length;
        var file = new byte[codeOffset + ExitCode.Length];
        var span = file.AsSpan();

        // ELF header (gABI ch. 4, x86-64 psABI).
        span[0] = 0x7F;
        "ELF"u8.CopyTo(span[1..]);
        span[4] = 2; // ELFCLASS64
        span[5] = 1; // ELFDATA2LSB
        span[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x10..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x12..], 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(span[0x14..], 1); // EV_CURRENT
        BinaryPrimitives.WriteUInt64LittleEndian(span[0x18..], BaseAddress + (ulong)codeOffset); // e_entry
        BinaryPrimitives.WriteUInt64LittleEndian(span[0x20..], HeaderSize); // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x34..], HeaderSize); // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x36..], ProgramHeaderSize); // e_phentsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[0x38..], (ushort)headerCount); // e_phnum

        var at = HeaderSize;
        if (interpreter is not null)
        {
            ProgramHeader(span[at..], PT_INTERP, flags: 4, (ulong)payloadOffset, (ulong)interp.Length, align: 1);
            at += ProgramHeaderSize;
        }
        ProgramHeader(span[at..], PT_LOAD, flags: 5, offset: 0, (ulong)file.Length, align: 0x1000);

        interp.CopyTo(span[payloadOffset..]);
        ExitCode.CopyTo(span[codeOffset..]);
        return file;
    }

    private static void ProgramHeader(Span<byte> header, uint type, uint flags, ulong offset, ulong size, ulong align)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, type);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], flags);
        BinaryPrimitives.WriteUInt64LittleEndian(header[8..], offset);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], BaseAddress + offset); // p_vaddr
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], BaseAddress + offset); // p_paddr
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], size); // p_filesz
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], size); // p_memsz
        BinaryPrimitives.WriteUInt64LittleEndian(header[48..], align);
    }
}
