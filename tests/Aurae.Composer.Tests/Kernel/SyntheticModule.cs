using System.Buffers.Binary;
using System.Text;
using Aurae.Composer.Kernel;

namespace Aurae.Composer.Tests.Kernel;

/// <summary>
/// Builds minimal kernel modules for tests: an ELF64 little-endian relocatable whose only content
/// is a .modinfo section (plus the section name table).
/// </summary>
internal static class SyntheticModule
{
    /// <summary>An ELF image whose .modinfo holds <paramref name="modinfo"/> ("key=value" strings).</summary>
    public static byte[] Elf(IEnumerable<string> modinfo, string sectionName = ".modinfo")
    {
        // Strings as the kernel lays them out: NUL-terminated, with padding NULs between some.
        var section = new MemoryStream();
        section.WriteByte(0);
        foreach (var entry in modinfo)
        {
            section.Write(Encoding.UTF8.GetBytes(entry));
            section.Write([0, 0, 0]);
        }
        var modinfoBytes = section.ToArray();
        var names = Encoding.ASCII.GetBytes($"\0{sectionName}\0.shstrtab\0");
        const int headerSize = 64, sectionHeaderSize = 64;
        var modinfoOffset = headerSize;
        var namesOffset = modinfoOffset + modinfoBytes.Length;
        var tableOffset = (namesOffset + names.Length + 7) / 8 * 8;
        var image = new byte[tableOffset + 3 * sectionHeaderSize];
        var span = image.AsSpan();

        "\x7F"u8.CopyTo(span);
        "ELF"u8.CopyTo(span[1..]);
        span[4] = 2; // ELFCLASS64
        span[5] = 1; // ELFDATA2LSB
        span[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 1); // ET_REL
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], 62); // EM_X86_64
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1); // EV_CURRENT
        BinaryPrimitives.WriteUInt64LittleEndian(span[40..], (ulong)tableOffset); // e_shoff
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], headerSize); // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[58..], sectionHeaderSize); // e_shentsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[60..], 3); // e_shnum
        BinaryPrimitives.WriteUInt16LittleEndian(span[62..], 2); // e_shstrndx

        modinfoBytes.CopyTo(span[modinfoOffset..]);
        names.CopyTo(span[namesOffset..]);
        WriteSectionHeader(span[(tableOffset + sectionHeaderSize)..], name: 1, type: 1 /* SHT_PROGBITS */, modinfoOffset, modinfoBytes.Length);
        WriteSectionHeader(span[(tableOffset + 2 * sectionHeaderSize)..], name: (uint)(1 + sectionName.Length + 1), type: 3 /* SHT_STRTAB */, namesOffset, names.Length);
        return image;
    }

    /// <summary>A module named <paramref name="name"/> with the given dependencies.</summary>
    public static byte[] Elf(string name, string depends = "", string? softdep = null, params string[] aliases)
    {
        var modinfo = new List<string> { "license=GPL", $"depends={depends}", $"name={name}", "vermagic=6.1.0 SMP mod_unload" };
        if (softdep is not null)
            modinfo.Add($"softdep={softdep}");
        modinfo.AddRange(aliases.Select(a => $"alias={a}"));
        return Elf(modinfo);
    }

    /// <summary>A catalog module made directly from modinfo, without an ELF image.</summary>
    public static KernelModule Module(string name, string depends = "", string? softdep = null, params string[] aliases)
    {
        var modinfo = new List<KeyValuePair<string, string>> { new("name", name), new("depends", depends) };
        if (softdep is not null)
            modinfo.Add(new("softdep", softdep));
        modinfo.AddRange(aliases.Select(a => new KeyValuePair<string, string>("alias", a)));
        return new KernelModule($"kernel/test/{name}.ko", new ModInfo(modinfo), ReadOnlyMemory<byte>.Empty);
    }

    private static void WriteSectionHeader(Span<byte> header, uint name, uint type, int offset, int size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, name);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(header[32..], (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(header[48..], 1); // sh_addralign
    }
}
