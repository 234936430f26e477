using System.Buffers.Binary;

namespace Aurae.Composer.Daemon;

/// <summary>
/// The auraed executable that becomes the image's /init. It must be a static x86-64 ELF:
/// the initramfs has no dynamic loader and no libraries, so anything else dies at boot
/// with a bare "Kernel panic - not syncing"; checking here turns that into a build error.
/// </summary>
public sealed class DaemonBinary
{
    /// <summary>Environment variable naming the daemon when --daemon is not given.</summary>
    public const string EnvironmentVariable = "AURAE_DAEMON";

    // ELF header (System V ABI, gABI ch. 4): magic, class, data, machine; program headers.
    private static ReadOnlySpan<byte> ElfMagic => [0x7F, (byte)'E', (byte)'L', (byte)'F'];
    private const int EI_CLASS = 4;
    private const int EI_DATA = 5;
    private const byte ELFCLASS64 = 2;
    private const byte ELFDATA2LSB = 1;
    private const int E_MACHINE = 0x12;
    private const ushort EM_X86_64 = 62;
    private const int E_PHOFF = 0x20;
    private const int E_PHENTSIZE = 0x36;
    private const int E_PHNUM = 0x38;
    private const uint PT_INTERP = 3;
    private const int Elf64ProgramHeaderSize = 56;

    private DaemonBinary(string path, ReadOnlyMemory<byte> content)
    {
        Path = path;
        Content = content;
    }

    public string Path { get; }

    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>
    /// Finds the daemon: the explicit path if given, else $AURAE_DAEMON, else an `auraed`
    /// beside the running composer (where the release layout puts it).
    /// </summary>
    public static DaemonBinary Locate(string? explicitPath)
    {
        string path;
        string how;
        if (explicitPath is not null)
            (path, how) = (explicitPath, "--daemon");
        else if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
            (path, how) = (fromEnvironment, $"${EnvironmentVariable}");
        else
            (path, how) = (System.IO.Path.Combine(AppContext.BaseDirectory, "auraed"), "the composer's directory");

        path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"daemon binary '{path}' (from {how}) not found: build it with `scripts/build` or pass --daemon PATH", path);
        return Load(path);
    }

    public static DaemonBinary Load(string path)
    {
        var content = File.ReadAllBytes(path);
        Validate(path, content);
        return new DaemonBinary(path, content);
    }

    private static void Validate(string path, ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual(ElfMagic))
            throw new InvalidDataException($"daemon binary '{path}' is not an ELF executable");
        if (elf[EI_CLASS] != ELFCLASS64 || elf[EI_DATA] != ELFDATA2LSB ||
            BinaryPrimitives.ReadUInt16LittleEndian(elf[E_MACHINE..]) != EM_X86_64)
            throw new InvalidDataException($"daemon binary '{path}' is not a 64-bit little-endian x86-64 ELF");

        // Bounds are checked in 64 bits: a crafted header must give "truncated", not an overflow.
        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(elf[E_PHOFF..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf[E_PHENTSIZE..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf[E_PHNUM..]);
        if (count > 0 && entrySize < Elf64ProgramHeaderSize)
            throw new InvalidDataException($"daemon binary '{path}' has {entrySize}-byte program headers (ELF64 needs {Elf64ProgramHeaderSize})");
        var length = (ulong)elf.Length;
        if (programHeaders > length || (ulong)count * entrySize > length - programHeaders)
            throw new InvalidDataException($"daemon binary '{path}' is truncated (its program headers lie past the end)");
        for (var i = 0; i < count; i++)
        {
            var at = (int)programHeaders + i * entrySize;
            if (BinaryPrimitives.ReadUInt32LittleEndian(elf[at..]) == PT_INTERP)
                throw new InvalidDataException(
                    $"daemon binary '{path}' is dynamically linked (it names an ELF interpreter); " +
                    "the image needs the static build (`dotnet publish runtime/auraed -c Release`)");
        }
    }
}
