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

    /// <summary>
    /// The UKI's own SBAT entries, one CSV line each (component,generation,vendor,package,version,url), e.g.
    /// "aurae,1,Aurae,aurae,0.1,https://…", merged after the stub's (and the kernel's) entries into the stub's
    /// .sbat section as ukify does (<see cref="UkiSbat"/>). Null, the default, leaves the stub's .sbat as it is.
    /// </summary>
    public string? Sbat
    {
        get;
        init
        {
            if (value is not null)
            {
                string[] lines = value.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                foreach (string line in lines)
                {
                    string[] fields = line.Split(',');
                    if (line.StartsWith(UkiSbat.HeaderComponent, StringComparison.Ordinal) || fields.Length != UkiSbat.FieldCount
                        || !uint.TryParse(fields[1], out uint generation) || generation == 0 || line.Any(char.IsControl))
                    {
                        throw new ArgumentException(
                            $"SBAT line '{line}' must be component,generation,vendor,package,version,url with a positive generation, and not the 'sbat,' header.",
                            nameof(Sbat));
                    }
                }

                if (lines.Length == 0)
                {
                    throw new ArgumentException("The SBAT text has no line; leave it null to keep the stub's .sbat.", nameof(Sbat));
                }
            }

            field = value;
        }
    }
}
