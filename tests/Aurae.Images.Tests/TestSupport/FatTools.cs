namespace Aurae.Images.Tests.TestSupport;

/// <summary>
/// Runs dosfstools and mtools on FAT images. mtools must do its own consistency checks, so a set
/// MTOOLS_SKIP_CHECK (which would disable them in the child process) fails the test.
/// </summary>
internal static class FatTools
{
    public const string FsckFat = "/usr/sbin/fsck.fat";
    public const string Mdir = "/usr/bin/mdir";
    public const string Mcopy = "/usr/bin/mcopy";
    public const string Mtype = "/usr/bin/mtype";
    public const string Minfo = "/usr/bin/minfo";
    public const string File = "/usr/bin/file";

    /// <summary>Words fsck.fat prints when it finds something to repair.</summary>
    private static readonly string[] FsckComplaints =
        ["Dirty", "differ", "wrong", "Invalid", "invalid", "Reclaim", "Truncat", "Contains", "Bad", "bad", "Orphan", "mismatch", "Mismatch", "Correct", "Auto"];

    /// <summary>fsck.fat -n -v: asserts exit 0 and no complaint in the output; returns the output.</summary>
    public static string FsckClean(string image)
    {
        ExternalTool.Result result = ExternalTool.RunUnchecked(FsckFat, ["-n", "-v", image]);
        string text = result.StandardOutputText + result.StandardError;
        Assert.True(result.ExitCode == 0, $"fsck.fat exited with {result.ExitCode}:\n{text}");
        foreach (string complaint in FsckComplaints)
        {
            Assert.False(text.Contains(complaint, StringComparison.Ordinal), $"fsck.fat output contains '{complaint}':\n{text}");
        }

        return text;
    }

    /// <summary>Runs an mtools command on <paramref name="image"/>; asserts exit 0 and an empty stderr.</summary>
    public static ExternalTool.Result Mtools(string tool, string image, params string[] arguments)
    {
        Assert.True(Environment.GetEnvironmentVariable("MTOOLS_SKIP_CHECK") is null,
            "MTOOLS_SKIP_CHECK is set; mtools would skip the consistency checks these tests rely on.");
        ExternalTool.Result result = ExternalTool.Run(tool, ["-i", image, .. arguments]);
        Assert.True(result.StandardError.Length == 0, $"{tool} complained: {result.StandardError}");
        return result;
    }

    /// <summary>The bytes of <paramref name="fatPath"/> (e.g. "::/EFI/BOOT/BOOTX64.EFI") as mcopy reads them.</summary>
    public static byte[] ReadWithMcopy(string image, string fatPath) => Mtools(Mcopy, image, fatPath, "-").StandardOutput;
}
