using Aurae.Composer.Configuration;

namespace Aurae.Composer.Tests.Configuration;

/// <summary>node.yaml's kernel sources: exactly one of deb, directory, or vmlinuz with modules_tarball and config.</summary>
public sealed class KernelSourceConfigTests : IDisposable
{
    private readonly ConfigTestDirectory directory = new();

    public KernelSourceConfigTests()
    {
        foreach (var file in new[] { "vmlinuz", "modules.tar.zst", "config" })
            File.WriteAllText(Path.Combine(directory.Root, file), "placeholder");
    }

    public void Dispose() => directory.Dispose();

    [Fact]
    public void A_kernel_image_with_a_modules_tarball_and_config_is_read_with_absolute_paths()
    {
        var config = directory.Load("""
            name: n1
            kernel:
              vmlinuz: vmlinuz
              modules_tarball: ./modules.tar.zst
              config: config
            pki: pki
            outputs: [pxe]
            """);

        Assert.Equal(
            new KernelFilesSource(
                Path.Combine(directory.Root, "vmlinuz"),
                Path.Combine(directory.Root, "modules.tar.zst"),
                Path.Combine(directory.Root, "config")),
            config.Kernel.Source);
    }

    public static TheoryData<string, string, int, int, string?, string> Cases => new()
    {
        { "deb and vmlinuz", "name: n1\nkernel:\n  deb: kernel.deb\n  vmlinuz: vmlinuz\n", 4, 3, "kernel.vmlinuz",
            "'deb', 'directory' and 'vmlinuz' exclude each other; give exactly one" },
        { "vmlinuz and directory", "name: n1\nkernel:\n  vmlinuz: vmlinuz\n  modules_tarball: modules.tar.zst\n  directory: kernel-dir\n", 5, 3, "kernel.directory",
            "'deb', 'directory' and 'vmlinuz' exclude each other; give exactly one" },
        { "modules_tarball with deb", "name: n1\nkernel:\n  deb: kernel.deb\n  modules_tarball: modules.tar.zst\n", 4, 3, "kernel.modules_tarball",
            "'modules_tarball' goes with 'vmlinuz' (a kernel image given as files)" },
        { "config with directory", "name: n1\nkernel: {directory: kernel-dir, config: config}\n", 2, 33, "kernel.config",
            "'config' goes with 'vmlinuz' (a kernel image given as files)" },
        { "vmlinuz without config", "name: n1\nkernel:\n  vmlinuz: vmlinuz\n  modules_tarball: modules.tar.zst\n", 3, 3, "kernel.vmlinuz",
            "'vmlinuz' needs 'config' too: the kernel's build configuration (its .config), which the build checks" },
        { "vmlinuz without modules_tarball", "name: n1\nkernel:\n  vmlinuz: vmlinuz\n  config: config\n", 3, 3, "kernel.vmlinuz",
            "'vmlinuz' needs 'modules_tarball' too: a tarball of the kernel's lib/modules/RELEASE/ (.tar, .tar.gz, .tar.xz or .tar.zst)" },
        { "missing vmlinuz file", "name: n1\nkernel: {vmlinuz: nope, modules_tarball: modules.tar.zst, config: config}\n", 2, 19, "kernel.vmlinuz",
            "file 'ROOT/nope' does not exist" },
        { "missing modules tarball", "name: n1\nkernel: {vmlinuz: vmlinuz, modules_tarball: nope.tar, config: config}\n", 2, 45, "kernel.modules_tarball",
            "file 'ROOT/nope.tar' does not exist" },
        { "config is a directory", "name: n1\nkernel: {vmlinuz: vmlinuz, modules_tarball: modules.tar.zst, config: kernel-dir}\n", 2, 70, "kernel.config",
            "'ROOT/kernel-dir' is a directory, expected a file" },
        { "no source", "name: n1\nkernel:\n  cmdline: x\n", 3, 3, "kernel",
            "expected exactly one of 'deb' (a Debian kernel package), 'directory' (an installed kernel: vmlinuz, config, " +
            "lib/modules/RELEASE) or 'vmlinuz' (a kernel image, with 'modules_tarball' and 'config')" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_file_line_column_field_and_problem(string name, string yaml, int line, int column, string? field, string problem)
    {
        _ = name;
        problem = problem.Replace("ROOT", directory.Root);

        var error = directory.LoadFails(yaml);

        Assert.Equal((directory.NodeYaml, line, column, field, problem), (error.FilePath, error.Line, error.Column, error.Field, error.Problem));
    }
}
