using System.Buffers.Binary;
using Aurae.Composer.Daemon;
using Aurae.Composer.Tests.CommandLine;

namespace Aurae.Composer.Tests.Build;

/// <summary>
/// The daemon that becomes /init is checked before anything is built: a missing file, a file
/// that is not an ELF, and a dynamically linked executable are each reported with the path.
/// </summary>
public sealed class DaemonBinaryTests(BuildWorkspace workspace) : IClassFixture<BuildWorkspace>
{
    private CliResult BuildWithDaemon(string daemon, string outputName)
    {
        var output = workspace.OutputDirectory(outputName);
        var result = ComposeCli.Fail("build", workspace.WriteNodeYaml(), "--output", output, "--daemon", daemon);
        Assert.False(Directory.Exists(output), $"{output} exists after a failed build");
        Assert.DoesNotContain("kernel ", result.Output); // refused before the kernel package is read
        return result;
    }

    [Fact]
    public void The_test_static_elf_is_a_real_program_and_loads()
    {
        Shell.Succeed($"chmod +x {Shell.Quote(workspace.Daemon)} && {Shell.Quote(workspace.Daemon)}");

        var daemon = DaemonBinary.Load(workspace.Daemon);

        Assert.Equal(workspace.Daemon, daemon.Path);
        Assert.Equal(TestElf.Static(), daemon.Content.ToArray());
    }

    [Fact]
    public void A_missing_daemon_names_the_path_and_the_option()
    {
        var missing = Path.Combine(workspace.Root, "no-such-auraed");

        var result = BuildWithDaemon(missing, "missing-daemon");

        Assert.Contains($"daemon binary '{missing}' (from --daemon) not found", result.Error);
        Assert.Contains("--daemon PATH", result.Error);
    }

    [Fact]
    public void A_relative_daemon_path_is_reported_absolute()
    {
        var result = BuildWithDaemon("relative/auraed", "relative-daemon");

        Assert.Contains($"daemon binary '{Path.GetFullPath("relative/auraed")}' (from --daemon) not found", result.Error);
    }

    [Fact]
    public void A_file_that_is_not_elf_is_named()
    {
        var script = workspace.WriteFile("auraed.sh", TestElf.NotElf());

        var result = BuildWithDaemon(script, "not-elf");

        Assert.Contains($"daemon binary '{script}' is not an ELF executable", result.Error);
    }

    [Fact]
    public void A_dynamically_linked_daemon_is_named_and_the_static_build_suggested()
    {
        var dynamic = workspace.WriteFile("auraed-dynamic", TestElf.Dynamic());

        var result = BuildWithDaemon(dynamic, "dynamic");

        Assert.Contains($"daemon binary '{dynamic}' is dynamically linked", result.Error);
        Assert.Contains("static build", result.Error);
    }

    [Fact]
    public void An_empty_file_is_not_an_elf()
    {
        var empty = workspace.WriteFile("auraed-empty", []);

        var error = Assert.Throws<InvalidDataException>(() => DaemonBinary.Load(empty));

        Assert.Equal($"daemon binary '{empty}' is not an ELF executable", error.Message);
    }

    [Fact]
    public void An_elf_for_another_machine_is_refused()
    {
        var arm = TestElf.Static();
        BinaryPrimitives.WriteUInt16LittleEndian(arm.AsSpan(0x12), 183); // EM_AARCH64
        var path = workspace.WriteFile("auraed-arm64", arm);

        var error = Assert.Throws<InvalidDataException>(() => DaemonBinary.Load(path));

        Assert.Equal($"daemon binary '{path}' is not a 64-bit little-endian x86-64 ELF", error.Message);
    }

    [Fact]
    public void Program_headers_past_the_end_of_the_file_are_reported_as_truncated()
    {
        var truncated = TestElf.Static()[..66]; // the header says one program header at 64; 2 bytes of it remain
        var path = workspace.WriteFile("auraed-truncated", truncated);

        var error = Assert.Throws<InvalidDataException>(() => DaemonBinary.Load(path));

        Assert.Contains($"daemon binary '{path}' is truncated", error.Message);
    }

    [Theory]
    [InlineData(1UL << 40)]
    [InlineData(0x7FFFFFFEUL)]
    [InlineData(ulong.MaxValue)]
    public void Absurd_program_header_offsets_are_reported_as_truncated_with_the_path(ulong offset)
    {
        var elf = TestElf.Static();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(elf.AsSpan(0x20), offset); // e_phoff
        var path = workspace.WriteFile($"auraed-phoff-{offset:x}", elf);

        var error = Assert.Throws<InvalidDataException>(() => DaemonBinary.Load(path));

        Assert.Contains($"daemon binary '{path}' is truncated", error.Message);
    }

    [Fact]
    public void Program_headers_smaller_than_elf64_ones_are_refused()
    {
        var elf = TestElf.Static();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(0x36), 0); // e_phentsize
        var path = workspace.WriteFile("auraed-phentsize-0", elf);

        var error = Assert.Throws<InvalidDataException>(() => DaemonBinary.Load(path));

        Assert.Contains($"daemon binary '{path}' has 0-byte program headers", error.Message);
    }
}
