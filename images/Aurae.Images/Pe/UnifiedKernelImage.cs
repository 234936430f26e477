using System.Text;

namespace Aurae.Images.Pe;

/// <summary>
/// Writes a Unified Kernel Image (systemd UKI specification): systemd's EFI stub with the UKI sections
/// appended by <see cref="PeSectionAppender"/> in the order ukify uses.
/// </summary>
public static class UnifiedKernelImage
{
    /// <summary>os-release(5) text of the UKI; systemd-boot reads it to list the image.</summary>
    public const string OsReleaseSection = ".osrel";

    /// <summary>The kernel command line the stub passes to the kernel.</summary>
    public const string CommandLineSection = ".cmdline";

    /// <summary>The kernel release (uname -r).</summary>
    public const string KernelReleaseSection = ".uname";

    /// <summary>The initrd the stub hands to the kernel (LINUX_INITRD_MEDIA_GUID).</summary>
    public const string InitrdSection = ".initrd";

    /// <summary>The kernel image the stub starts.</summary>
    public const string LinuxSection = ".linux";

    /// <summary>
    /// Writes <paramref name="stub"/> (e.g. /usr/lib/systemd/boot/efi/linuxx64.efi.stub) followed by
    /// .osrel, .cmdline, .uname, .initrd and, last, .linux. Throws <see cref="InvalidDataException"/> for
    /// a stub that is not an unsigned x86-64 PE32+ image with room for the section headers.
    /// </summary>
    public static void Write(Stream output, ReadOnlyMemory<byte> stub, UkiContents contents)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(contents);
        PeImage stubImage;
        try
        {
            stubImage = PeImage.Parse(stub);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The EFI stub is not a usable PE image: {e.Message}", e);
        }

        if (stubImage.FileHeader.Machine != CoffFileHeader.MachineAmd64)
        {
            throw new InvalidDataException(
                $"The EFI stub is built for machine 0x{stubImage.FileHeader.Machine:X4}, not x86-64 (0x{CoffFileHeader.MachineAmd64:X4}).");
        }

        IReadOnlyList<PeSectionData> sections = Sections(contents);
        if (contents.Sbat is { } ownSbat)
        {
            PeImage[] images = ParseKernel(contents.Linux) is { } kernel ? [stubImage, kernel] : [stubImage];
            byte[] sbat = UkiSbat.Merge(images, ownSbat);
            if (stubImage.FindSection(UkiSbat.SectionName) is null)
            {
                // ukify appends .sbat after .linux when the stub has none.
                sections = [.. sections, new PeSectionData(UkiSbat.SectionName, sbat)];
            }
            else if (UkiSbat.FitsInPlace(stubImage, sbat))
            {
                // shim refuses an image with two .sbat sections, so the stub's one is rewritten, as ukify does.
                stubImage = PeImage.Parse(PeSectionContentReplacer.Replace(stubImage, UkiSbat.SectionName, sbat));
            }
            else
            {
                // The stub's .sbat has too little room (Debian's systemd 252 stub: 256 bytes, 226 used, then
                // .sdmagic): retire it under another name, which shim does not read, and append the merged
                // one after .linux, so the image still has exactly one .sbat.
                stubImage = PeImage.Parse(PeSectionRenamer.Rename(stubImage, UkiSbat.SectionName, UkiSbat.RetiredSectionName));
                sections = [.. sections, new PeSectionData(UkiSbat.SectionName, sbat)];
            }
        }

        PeSectionAppender.Write(output, stubImage, sections);
    }

    /// <summary>The sections in ukify's order: .osrel .cmdline .uname .initrd, then .linux last.</summary>
    public static IReadOnlyList<PeSectionData> Sections(UkiContents contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        var sections = new List<PeSectionData> { new(OsReleaseSection, Encoding.UTF8.GetBytes(contents.OsRelease)) };
        if (contents.CommandLine.Length > 0)
        {
            sections.Add(new PeSectionData(CommandLineSection, Encoding.UTF8.GetBytes(contents.CommandLine)));
        }

        if (contents.KernelRelease is { } release)
        {
            sections.Add(new PeSectionData(KernelReleaseSection, Encoding.UTF8.GetBytes(release)));
        }

        if (!contents.Initrd.IsEmpty)
        {
            sections.Add(new PeSectionData(InitrdSection, contents.Initrd));
        }

        sections.Add(LinuxSectionData(contents.Linux));
        return sections;
    }

    /// <summary>
    /// The .linux section, flagged as code and, when the kernel is a PE image, sized in memory to the
    /// kernel's own SizeOfImage. Why, checked against systemd: ukify (253+) does both ("Old kernels that
    /// use EFI handover protocol will be executed inline"), and systemd-stub 252 (Debian 12) falls back
    /// to the EFI handover protocol for kernels without LINUX_INITRD_MEDIA support, jumping into the
    /// kernel where the firmware loaded the .linux section; such a kernel decompresses itself in place
    /// and needs the whole SizeOfImage behind it, which the loader only reserves (zero-filled) when the
    /// section's VirtualSize covers it. Newer kernels are started with LoadImage() on the section's
    /// VirtualSize bytes, so the zero tail is harmless there. The size never drops below the file's
    /// length: a smaller VirtualSize would make the loader cut the kernel (and its signature) short.
    /// </summary>
    private static PeSectionData LinuxSectionData(ReadOnlyMemory<byte> linux)
    {
        uint? virtualSize = ParseKernel(linux) is { } kernel ? Math.Max(kernel.OptionalHeader.SizeOfImage, (uint)linux.Length) : null;
        return new PeSectionData(LinuxSection, linux)
        {
            Characteristics = PeSectionCharacteristics.MemoryRead | PeSectionCharacteristics.ContainsCode,
            VirtualSize = virtualSize,
        };
    }

    /// <summary>The kernel's PE image (a bzImage with the EFI stub), or null for a kernel without a PE header.</summary>
    private static PeImage? ParseKernel(ReadOnlyMemory<byte> linux)
    {
        if (!PeImage.HasPeSignature(linux.Span))
        {
            return null;
        }

        try
        {
            return PeImage.Parse(linux);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"The kernel carries a PE header that cannot be parsed: {e.Message}", e);
        }
    }
}
