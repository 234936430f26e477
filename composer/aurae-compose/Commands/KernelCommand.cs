using Aurae.Contract.Yaml;
using System.CommandLine;
using Aurae.Composer.Configuration;
using Aurae.Composer.KernelRequirements;
using Aurae.Images.Compression;

namespace Aurae.Compose.Commands;

/// <summary>`aurae-compose kernel check KERNEL`: whether a kernel has the options auraed needs.</summary>
internal static class KernelCommand
{
    public static Command Create(TextWriter output)
    {
        var kernel = new Argument<string>("KERNEL")
        {
            Description = "A Debian kernel package (.deb), a directory holding config-* or .config (such as /boot), " +
                "a kernel .config file, or a bzImage/vmlinux built with CONFIG_IKCONFIG.",
        };
        var fragments = new Option<string[]>("--fragment")
        {
            Description = $"A kernel config fragment to check against, a file or a built-in name ({string.Join(", ", KernelConfigFragment.BuiltInNames)}); " +
                $"repeatable (default: {KernelConfigFragment.RequiredName} and the initramfs decompressor, what `build` checks).",
            AllowMultipleArgumentsPerToken = false,
        };
        var compression = new Option<string>("--initramfs-compression")
        {
            Description = $"Without --fragment: the node's initramfs.compression, whose decompressor the kernel needs " +
                $"({string.Join(", ", CompressionFormatNames.All)}; default {InitramfsConfig.Default.Compression.ToName()}).",
            DefaultValueFactory = _ => InitramfsConfig.Default.Compression.ToName(),
        };
        compression.AcceptOnlyFromAmong([.. CompressionFormatNames.All]);
        var check = new Command("check",
            "Check that a kernel has the options auraed needs. Exit code 0: every requirement met; 1: some are not met, " +
            "or the input could not be read.") { kernel, fragments, compression };
        check.SetAction(parse =>
        {
            // Fragments first: a bad fragment is reported before the (possibly slow) kernel is read.
            var resolved = parse.GetValue(fragments) is { Length: > 0 } given
                ? given.Select(KernelConfigFragment.Resolve).ToList()
                : KernelConfigFragment.ForNode(CompressionFormatNames.Parse(parse.GetValue(compression)!));
            var config = KernelConfigSource.Load(parse.GetValue(kernel)!);
            // The command checks a kernel, not an image: =m options are reported with the module the image must hold.
            var report = KernelRequirementCheck.Run(config, modulesInImage: null, resolved);
            foreach (var fragment in resolved)
            {
                output.WriteLine($"checking {config.SourceName} against {fragment.Name}");
                foreach (var result in report.Results.Where(result => result.Fragment == fragment))
                    output.WriteLine(result);
            }
            output.WriteLine(report.Summary);
            return report.AllMet ? 0 : 1;
        });
        var command = new Command("kernel", "Inspect kernels for Aurae nodes.");
        command.Subcommands.Add(check);
        return command;
    }
}
