using System.Text.Json;
using Aurae.Composer.Measurement;
using Aurae.Contract.Measurement;
using Aurae.Composer.Tests.Build;
using Aurae.Composer.Tests.Outputs;
using Aurae.Images.Pe;
using static Aurae.Composer.Tests.Build.Shell;

namespace Aurae.Composer.Tests.Measurement;

/// <summary>
/// The prediction the real build wrote beside its outputs, against systemd 252's own calculator,
/// /usr/lib/systemd/systemd-measure (src/boot/measure.c), fed the UKI's sections.
/// Where its rules and the 252 stub's coincide: the same table order, name + NUL then contents per
/// section, extends from zeros. Where they differ, and what we do:
/// <list type="bullet">
/// <item>systemd-measure hashes a section file whole; the stub hashes VirtualSize bytes in memory. Our
/// .linux VirtualSize is the kernel's SizeOfImage (bigger than the file, zero-filled by the loader),
/// so the kernel file alone gives another value: we hand it the section as loaded (raw data, then
/// zeros up to VirtualSize), which is what the stub measures.</item>
/// <item>252.39's systemd-measure also extends the systemd-pcrphase words by default; --phase= with an
/// empty phase asks for the value with none, which is PCR 11 as the stub leaves it.</item>
/// <item>Neither knows .uname, so both leave it out; neither measures .pcrsig.</item>
/// </list>
/// </summary>
[Collection(AllFormatsBuildCollection.Name)]
public sealed class SystemdMeasureComparisonTests(AllFormatsBuildFixture build)
{
    private const string SystemdMeasure = "/usr/lib/systemd/systemd-measure";

    private string PredictionFile => build.File(Pcr11PredictionFile.FileName(BuildWorkspace.NodeName));

    [Fact]
    public void The_written_prediction_equals_systemd_measure_for_the_sections_as_loaded()
    {
        var uki = PeImage.Parse(File.ReadAllBytes(build.File($"{BuildWorkspace.NodeName}.efi")));
        var scratch = build.Scratch("systemd-measure");
        var arguments = string.Join(' ', StubMeasuredSections.Find(uki).Select(found =>
        {
            var path = Path.Combine(scratch, found.Name.TrimStart('.'));
            var loaded = new byte[found.Header.VirtualSize];
            uki.GetSectionContent(found.Header).Span.CopyTo(loaded);
            File.WriteAllBytes(path, loaded);
            return $"--{found.Name.TrimStart('.')}={Quote(path)}";
        }));

        var output = Succeed($"{SystemdMeasure} calculate {arguments} --bank=sha256 --bank=sha1 --phase=").Output;

        using var json = JsonDocument.Parse(File.ReadAllBytes(PredictionFile));
        var banks = json.RootElement.GetProperty("banks");
        Assert.Contains($"11:sha256={banks.GetProperty("sha256").GetString()}", output);
        Assert.Contains($"11:sha1={banks.GetProperty("sha1").GetString()}", output);
    }

    [Fact]
    public void The_kernel_file_alone_is_not_what_the_stub_measures()
    {
        // The difference described above, shown: the .linux section's VirtualSize exceeds the kernel file.
        using var json = JsonDocument.Parse(File.ReadAllBytes(PredictionFile));
        var linux = json.RootElement.GetProperty("sections").EnumerateArray().First();
        Assert.Equal(".linux", linux.GetProperty("name").GetString());
        Assert.True(linux.GetProperty("size").GetInt64() > new FileInfo(build.File("vmlinuz")).Length);
    }

    [Fact]
    public void The_prediction_file_is_written_beside_the_outputs_and_parses()
    {
        var prediction = JsonSerializer.Deserialize(File.ReadAllBytes(PredictionFile), Pcr11PredictionJsonContext.Default.Pcr11Prediction);

        Assert.NotNull(prediction);
        Assert.Equal([".linux", ".osrel", ".cmdline", ".initrd"], prediction.Sections.Select(s => s.Name));
        Assert.Matches("^[0-9a-f]{64}$", prediction.Banks.Sha256);
        Assert.Matches("^[0-9a-f]{40}$", prediction.Banks.Sha1);
        // Recomputed from the UKI the build wrote, serialized again: the same bytes.
        Assert.Equal(File.ReadAllBytes(PredictionFile),
            Pcr11PredictionFile.Serialize(Pcr11Predictor.For(File.ReadAllBytes(build.File($"{BuildWorkspace.NodeName}.efi")))));
    }
}
