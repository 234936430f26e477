using System.Security.Cryptography;
using System.Text;
using Aurae.Composer.Outputs;
using Aurae.Contract.Measurement;
using Aurae.Images.Pe;

namespace Aurae.Composer.Measurement;

/// <summary>
/// PCR 11 as systemd-stub 252 leaves it after measuring a UKI (<see cref="StubMeasuredSections"/>),
/// computed from the UKI's bytes as written, and staged as NODE.pcr11.json (<see cref="Pcr11PredictionFile"/>,
/// the contract's format, which the aurae CLI reads back). Only the stub extends PCR 11 before the kernel
/// runs, so the value holds from the kernel's start until something in userspace extends it
/// (systemd-pcrphase, which Aurae nodes do not run).
/// </summary>
public static class Pcr11Predictor
{
    /// <summary>The stub's own section naming its version (v252 src/boot/efi/stub.c, magic[]).</summary>
    private const string StubMagicSection = ".sdmagic";

    /// <summary>How magic[] frames the version: "#### LoaderInfo: " + "systemd-stub " GIT_VERSION + " ####".</summary>
    private const string LoaderInfoPrefix = "#### LoaderInfo: ";
    private const string LoaderInfoSuffix = " ####";

    /// <summary>Zero fill is hashed in chunks of this size rather than allocated whole.</summary>
    private const int ZeroChunk = 64 * 1024;

    /// <summary>Predicts PCR 11 for the UKI <paramref name="uki"/> in the SHA-256 and SHA-1 banks.</summary>
    public static Pcr11Prediction For(ReadOnlyMemory<byte> uki)
    {
        var image = PeImage.Parse(uki);
        var sha256 = PcrBank.Sha256.Reset();
        var sha1 = PcrBank.Sha1.Reset();
        var sections = new List<MeasuredSection>();
        foreach (var (name, header) in StubMeasuredSections.Find(image))
        {
            var nameEvent = StubMeasuredSections.NameEvent(name);
            sha256 = PcrBank.Sha256.Extend(sha256, PcrBank.Sha256.Digest(nameEvent));
            sha1 = PcrBank.Sha1.Extend(sha1, PcrBank.Sha1.Digest(nameEvent));

            var content = InMemoryDigests(image, header);
            sha256 = PcrBank.Sha256.Extend(sha256, content.Sha256);
            sha1 = PcrBank.Sha1.Extend(sha1, content.Sha1);
            sections.Add(new MeasuredSection(name, header.VirtualSize, Convert.ToHexStringLower(content.Sha256)));
        }
        return new Pcr11Prediction(StubMeasuredSections.Pcr, StubMeasuredSections.Rules,
            new Pcr11Banks(Convert.ToHexStringLower(sha256), Convert.ToHexStringLower(sha1)), StubVersion(image), sections);
    }

    /// <summary>
    /// NODE.pcr11.json beside the outputs that carry the UKI (uki, iso, raw-efi and the disks converted
    /// from it): predicts PCR 11 for <paramref name="uki"/> and stages the file for <paramref name="nodeName"/>.
    /// </summary>
    public static void Write(StagedOutputDirectory output, string nodeName, ReadOnlyMemory<byte> uki)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var file = output.Create(Pcr11PredictionFile.FileName(nodeName));
        file.Write(Pcr11PredictionFile.Serialize(For(uki)));
    }

    /// <summary>
    /// The section as the firmware's loader placed it: the raw data up to VirtualSize, then zeros up
    /// to VirtualSize. <see cref="PeImage.GetSectionContent"/> gives the first part.
    /// </summary>
    private static (byte[] Sha256, byte[] Sha1) InMemoryDigests(PeImage image, PeSectionHeader header)
    {
        using var sha256 = IncrementalHash.CreateHash(PcrBank.Sha256.Algorithm);
        using var sha1 = IncrementalHash.CreateHash(PcrBank.Sha1.Algorithm);
        var raw = image.GetSectionContent(header).Span;
        sha256.AppendData(raw);
        sha1.AppendData(raw);
        var zeroBuffer = new byte[Math.Min(ZeroChunk, Math.Max(0, (long)header.VirtualSize - raw.Length))];
        for (long left = header.VirtualSize - (long)raw.Length; left > 0; left -= zeroBuffer.Length)
        {
            var chunk = zeroBuffer.AsSpan(0, (int)Math.Min(left, zeroBuffer.Length));
            sha256.AppendData(chunk);
            sha1.AppendData(chunk);
        }
        return (sha256.GetHashAndReset(), sha1.GetHashAndReset());
    }

    /// <summary>"systemd-stub VERSION" from the stub's .sdmagic, or "unknown stub" when it has none.</summary>
    private static string StubVersion(PeImage image)
    {
        if (image.FindSection(StubMagicSection) is not { } magic)
            return "unknown stub";
        var text = Encoding.ASCII.GetString(image.GetSectionContent(magic).Span).TrimEnd('\0');
        return text.StartsWith(LoaderInfoPrefix, StringComparison.Ordinal) && text.EndsWith(LoaderInfoSuffix, StringComparison.Ordinal)
            ? text[LoaderInfoPrefix.Length..^LoaderInfoSuffix.Length]
            : "unknown stub";
    }
}
