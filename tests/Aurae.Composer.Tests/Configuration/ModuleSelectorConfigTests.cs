using Aurae.Composer.Configuration;
using Aurae.Composer.Kernel;
using Aurae.Contract.Yaml;

namespace Aurae.Composer.Tests.Configuration;

/// <summary>kernel.modules, modules_exclude and modules_load as node.yaml writes them: the selector forms and their errors.</summary>
public sealed class ModuleSelectorConfigTests : IDisposable
{
    private const string Tail = "pki: pki\noutputs: [pxe]\n";

    private readonly ConfigTestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Each_form_becomes_its_selector_type_and_keeps_its_position()
    {
        var config = directory.Load(
            "name: n1\nkernel:\n  deb: kernel.deb\n  modules:\n    - virtio-net\n    - 'pci:v00001AF4d00001000sv*sd*bc*sc*i*'\n" +
            "    - kernel/drivers/net/ethernet/**\n    - '@virtio'\n" + Tail);

        var modules = config.Kernel.Modules;
        Assert.Equal("virtio_net", Assert.IsType<NameModuleSelector>(modules[0]).Name);
        Assert.Equal("pci:v00001AF4d00001000sv*sd*bc*sc*i*", Assert.IsType<AliasModuleSelector>(modules[1]).Text);
        Assert.Equal("kernel/drivers/net/ethernet/**", Assert.IsType<PathGlobModuleSelector>(modules[2]).Text);
        Assert.Equal("virtio", Assert.IsType<NamedSetModuleSelector>(modules[3]).SetName);
        Assert.Equal(new ConfigPosition(directory.NodeYaml, 5, 7, "kernel.modules[0]"), modules[0].Position);
        Assert.Equal(new ConfigPosition(directory.NodeYaml, 8, 7, "kernel.modules[3]"), modules[3].Position);
        Assert.Empty(config.Kernel.ModulesExclude);
        Assert.Null(config.Kernel.ModulesLoad);
    }

    [Fact]
    public void Exclude_takes_selectors_and_load_takes_names()
    {
        var config = directory.Load(
            "name: n1\nkernel:\n  deb: kernel.deb\n  modules: ['@storage']\n  modules_exclude: [sr_mod, 'kernel/drivers/ata/*']\n" +
            "  modules_load: [virtio_blk]\n" + Tail);

        Assert.Equal(["sr_mod", "kernel/drivers/ata/*"], config.Kernel.ModulesExclude.Select(s => s.Text));
        Assert.IsType<PathGlobModuleSelector>(config.Kernel.ModulesExclude[1]);
        var load = Assert.Single(config.Kernel.ModulesLoad!);
        Assert.Equal("virtio_blk", load.Name);
        Assert.Equal(new ConfigPosition(directory.NodeYaml, 6, 18, "kernel.modules_load[0]"), load.Position);
    }

    [Fact]
    public void An_empty_modules_load_loads_nothing_rather_than_the_default()
    {
        var config = directory.Load("name: n1\nkernel: {deb: kernel.deb, modules: [virtio_net], modules_load: []}\n" + Tail);

        Assert.NotNull(config.Kernel.ModulesLoad);
        Assert.Empty(config.Kernel.ModulesLoad);
    }

    public static TheoryData<string, string, int, int, string, string> Cases => new()
    {
        { "unknown set", "modules: ['@virtoi']", 2, 37, "kernel.modules[0]",
            "unknown module set '@virtoi' (did you mean 'virtio'?); known sets: @baremetal-nics, @storage, @virtio" },
        { "absolute path glob", "modules: [/lib/modules/x/kernel/a.ko]", 2, 37, "kernel.modules[0]",
            "'/lib/modules/x/kernel/a.ko' is not a module path glob: write it relative to lib/modules/<release>, e.g. kernel/drivers/net/ethernet/**" },
        { "path glob with ..", "modules: [virtio_net, kernel/../x/*]", 2, 49, "kernel.modules[1]",
            "'kernel/../x/*' is not a module path glob: write it relative to lib/modules/<release>, e.g. kernel/drivers/net/ethernet/**" },
        { "not a selector", "modules: ['virtio$net']", 2, 37, "kernel.modules[0]",
            "'virtio$net' is not a module selector: write a module name (letters, digits, '_' and '-'), an alias (with ':'), a path glob (with '/') or a set (@baremetal-nics, @storage, @virtio)" },
        { "white space", "modules: ['virtio_net virtio_pci']", 2, 37, "kernel.modules[0]",
            "'virtio_net virtio_pci' contains white space; write one selector per item" },
        { "empty selector", "modules: ['']", 2, 37, "kernel.modules[0]",
            "expected a module name, alias, path glob or @set, got an empty string" },
        { "file extension", "modules: [virtio_net.ko.xz]", 2, 37, "kernel.modules[0]",
            "'virtio_net.ko.xz': write the module name without the file extension, e.g. 'virtio_net'" },
        { "glob listed twice", "modules: ['kernel/drivers/**', 'kernel/drivers/**']", 2, 58, "kernel.modules[1]",
            "'kernel/drivers/**' is already listed as modules[0]" },
        { "exclude name listed twice", "modules_exclude: [sr-mod, sr_mod]", 2, 53, "kernel.modules_exclude[1]",
            "module 'sr_mod' is already listed as modules_exclude[0]" },
        { "load with a glob", "modules_load: [virtio_net, 'kernel/drivers/**']", 2, 54, "kernel.modules_load[1]",
            "'kernel/drivers/**' is not a module name: modules_load lists modules by name (letters, digits, '_' and '-'); selectors belong in kernel.modules" },
        { "load with a set", "modules_load: ['@virtio']", 2, 42, "kernel.modules_load[0]",
            "'@virtio' is not a module name: modules_load lists modules by name (letters, digits, '_' and '-'); selectors belong in kernel.modules" },
        { "exclude is a string", "modules_exclude: sr_mod", 2, 44, "kernel.modules_exclude",
            "expected a sequence, got 'sr_mod' (write a single item as [sr_mod])" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_position_field_and_problem(string name, string kernelEntry, int line, int column, string field, string problem)
    {
        _ = name;
        var error = directory.LoadFails($"name: n1\nkernel: {{deb: kernel.deb, {kernelEntry}}}\n" + Tail);

        Assert.Equal((line, column, field, problem), (error.Line, error.Column, error.Field, error.Problem));
        Assert.StartsWith($"{directory.NodeYaml}:{line}:{column}: field '{field}': ", error.Message);
    }
}
