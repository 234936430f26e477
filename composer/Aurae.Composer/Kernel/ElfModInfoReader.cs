using Aurae.Images.Elf;

namespace Aurae.Composer.Kernel;

/// <summary>
/// Finds and parses the .modinfo section of a kernel module: a little-endian ELF64 relocatable
/// object, read through <see cref="ElfFile"/>.
/// </summary>
public static class ElfModInfoReader
{
    private const string ModInfoSectionName = ".modinfo";

    /// <summary>Reads the .modinfo entries of the module image <paramref name="elf"/>.</summary>
    /// <param name="sourceName">What to call the module in errors (usually its path).</param>
    /// <exception cref="InvalidDataException">Not an ELF64 LE relocatable, truncated, or without .modinfo.</exception>
    public static ModInfo Read(ReadOnlySpan<byte> elf, string sourceName) =>
        ModInfo.Parse(FindModInfoSection(elf, sourceName));

    /// <summary>The bytes of the .modinfo section of <paramref name="elf"/>.</summary>
    public static ReadOnlySpan<byte> FindModInfoSection(ReadOnlySpan<byte> elf, string sourceName)
    {
        var file = ElfFile.Open(elf, sourceName);
        // Modules are relocatable objects; a vmlinux or a program with a .modinfo is not a module.
        if (file.Header.Type != ElfHeader.TypeRelocatable)
            throw file.Error($"not a relocatable object (e_type {file.Header.Type}, expected ET_REL {ElfHeader.TypeRelocatable})");
        return file.TryFindSection(ModInfoSectionName, out var section)
            ? section
            : throw file.Error($"no {ModInfoSectionName} section (not a kernel module?)");
    }
}
