using System.Security.Cryptography;
using Aurae.Contract.Tpm;

namespace Aurae.Daemon.ToolTests.Tpm;

/// <summary>TPM2_PCR_Read as the daemon marshals it, against swtpm and against tpm2-tools' reading of the same swtpm.</summary>
public sealed class PcrReadTests
{
    /// <summary>tpm2_pcrread's lines "  N : 0xHEX" of one bank, by PCR index.</summary>
    private static Dictionary<int, string> ParsePcrRead(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && int.TryParse(parts[0], out _) && parts[1].StartsWith("0x", StringComparison.Ordinal))
            .ToDictionary(parts => int.Parse(parts[0]), parts => parts[1][2..].ToLowerInvariant());

    [Fact]
    public async Task Pcrs_0_to_23_read_as_tpm2_pcrread_reads_them_after_an_extend()
    {
        using var swtpm = Swtpm.Start();
        var measurement = SHA256.HashData("aurae"u8);
        swtpm.Tool("tpm2_pcrextend", $"23:sha256={Convert.ToHexStringLower(measurement)}");

        var before = swtpm.Transport.Commands;
        var ours = await swtpm.Tpm.ReadPcrsAsync(PcrSelection.All(TpmAlgorithm.Sha256), CancellationToken.None);
        var theirs = ParsePcrRead(swtpm.Tool("tpm2_pcrread", "sha256:all"));

        Assert.Equal(Enumerable.Range(0, 24), ours.Select(v => v.Index));
        Assert.All(ours, v => Assert.Equal(TpmAlgorithm.Sha256, v.Bank));
        Assert.Equal(Enumerable.Range(0, 24).Select(i => theirs[i]), ours.Select(v => Convert.ToHexStringLower(v.Digest)));
        // A TPML_DIGEST holds at most 8 digests: 24 PCRs take at least three reads.
        Assert.True(swtpm.Transport.Commands - before >= 3, $"{swtpm.Transport.Commands - before} TPM2_PCR_Read calls");
        // PCR 0 is as Startup(CLEAR) left it; PCR 23 is SHA-256(zeros ‖ measurement), the extend rule.
        Assert.Equal(new byte[32], ours[0].Digest);
        Assert.Equal(SHA256.HashData([.. new byte[32], .. measurement]), ours[23].Digest);
    }

    [Fact]
    public async Task A_selection_of_a_few_pcrs_reads_just_those()
    {
        using var swtpm = Swtpm.Start();

        var ours = await swtpm.Tpm.ReadPcrsAsync(PcrSelection.Of(TpmAlgorithm.Sha256, [16, 2, 9]), CancellationToken.None);

        Assert.Equal([2, 9, 16], ours.Select(v => v.Index));
        Assert.All(ours, v => Assert.Equal(32, v.Digest.Length));
    }
}
