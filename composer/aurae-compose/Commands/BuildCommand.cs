using System.CommandLine;
using Aurae.Composer.Build;
using Aurae.Composer.Caching;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;

namespace Aurae.Compose.Commands;

/// <summary>`aurae-compose build node.yaml`: the outputs node.yaml asks for, into out/NAME or --output.</summary>
internal static class BuildCommand
{
    public static Command Create(TextWriter output)
    {
        var nodeYaml = new Argument<string>("node.yaml") { Description = "The node description to build." };
        var outputDirectory = new Option<string?>("--output", "-o")
        {
            Description = "Directory for the images (default: out/<node name>).",
        };
        var daemon = new Option<string?>("--daemon")
        {
            Description = $"The static auraed binary (default: ${DaemonBinary.EnvironmentVariable}, else auraed beside aurae-compose).",
        };
        var cacheDirectory = new Option<string?>("--cache-dir")
        {
            Description = $"Where compressed initramfs segments are kept between builds (default: ${BuildCache.DirectoryVariable}, " +
                "else $XDG_CACHE_HOME/aurae-compose, else ~/.cache/aurae-compose). A cached result is the same bytes a fresh one would be.",
        };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write the build cache." };
        var command = new Command("build", "Build the outputs node.yaml asks for.") { nodeYaml, outputDirectory, daemon, cacheDirectory, noCache };
        command.SetAction(parse =>
        {
            var config = NodeConfigLoader.Load(parse.GetValue(nodeYaml)!);
            var cache = parse.GetValue(noCache) ? null
                : parse.GetValue(cacheDirectory) is { } directory ? BuildCache.At(directory) : BuildCache.Default();
            var builder = new NodeImageBuilder(DaemonBinary.Locate(parse.GetValue(daemon)), line => output.WriteLine($"  {line}"), cache);
            output.WriteLine($"building {config.Name} from {config.SourcePath}");
            var result = builder.Build(config, parse.GetValue(outputDirectory) ?? Path.Combine("out", config.Name));
            foreach (var file in result.Files)
                output.WriteLine($"wrote {file} ({new FileInfo(file).Length} bytes)");
            return 0;
        });
        return command;
    }
}
