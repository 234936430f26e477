namespace Aurae.Images.Pe;

/// <summary>
/// What a Unified Kernel Image carries besides the stub (systemd UKI specification): os-release text,
/// kernel command line, optional kernel release (uname -r), initrd and the kernel (a bzImage).
/// Empty command line and initrd are left out of the image, as ukify does.
/// </summary>
public sealed record UkiContents
{
    /// <summary>Creates the contents; see each property for its rules.</summary>
    public UkiContents(string osRelease, string commandLine, string? kernelRelease, ReadOnlyMemory<byte> initrd, ReadOnlyMemory<byte> linux)
    {
        OsRelease = osRelease;
        CommandLine = commandLine;
        KernelRelease = kernelRelease;
        Initrd = initrd;
        Linux = linux;
    }

    /// <summary>The .osrel section: os-release(5) text, required (systemd-boot lists a UKI by it).</summary>
    public string OsRelease
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(OsRelease));
            if (value.Length == 0 || value.Contains('\0'))
            {
                throw new ArgumentException("The os-release text must be non-empty and contain no NUL.", nameof(OsRelease));
            }

            field = value;
        }
    }

    /// <summary>The .cmdline section, UTF-8 without terminator (the stub reads the section's size); empty leaves it out.</summary>
    public string CommandLine
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(CommandLine));
            if (value.Contains('\0'))
            {
                throw new ArgumentException($"The kernel command line '{value.Replace("\0", "\\0")}' contains a NUL.", nameof(CommandLine));
            }

            field = value;
        }
    }

    /// <summary>The .uname section: the kernel release as `uname -r` prints it, e.g. "6.1.0-56-cloud-amd64"; null leaves it out.</summary>
    public string? KernelRelease
    {
        get;
        init
        {
            if (value is not null && (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            {
                throw new ArgumentException($"The kernel release '{value}' must be a non-empty single word.", nameof(KernelRelease));
            }

            field = value;
        }
    }

    /// <summary>The .initrd section (e.g. a compressed cpio); empty leaves it out.</summary>
    public ReadOnlyMemory<byte> Initrd { get; init; }

    /// <summary>The .linux section: the kernel's bzImage with its EFI stub, required.</summary>
    public ReadOnlyMemory<byte> Linux
    {
        get;
        init
        {
            if (value.IsEmpty)
            {
                throw new ArgumentException("The kernel image is empty.", nameof(Linux));
            }

            field = value;
        }
    }
}
