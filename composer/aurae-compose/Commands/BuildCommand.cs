using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Aurae.CommandLine.Progress;
using Aurae.Composer.Build;
using Aurae.Composer.Caching;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;

namespace Aurae.Compose.Commands;

/// <summary>`aurae-compose build node.yaml`: the outputs node.yaml asks for, into out/NAME or --output.</summary>
internal static class BuildCommand
{
    /// <param name="error">Where a terminal is shown the build's progress, when <paramref name="errorIsTerminal"/>.</param>
    public static Command Create(TextWriter output, TextWriter error, bool errorIsTerminal)
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
            var steps = new BuildSteps();
            var started = Stopwatch.GetTimestamp();
            using var status = new StatusLine(error, errorIsTerminal, () => Status(config.Name, started, steps));
            // The log and the status share the terminal: each line goes above the status.
            var builder = new NodeImageBuilder(DaemonBinary.Locate(parse.GetValue(daemon)),
                line => status.Above(() => { output.WriteLine($"  {line}"); output.Flush(); }), cache, steps);
            status.Above(() => output.WriteLine($"building {config.Name} from {config.SourcePath}"));
            var result = builder.Build(config, parse.GetValue(outputDirectory) ?? Path.Combine("out", config.Name));
            status.Finish($"built {config.Name} in {Seconds(Stopwatch.GetElapsedTime(started))}");
            foreach (var file in result.Files)
                output.WriteLine($"wrote {file} ({new FileInfo(file).Length} bytes)");
            return 0;
        });
        return command;
    }

    /// <summary>"building web-1, 3.2 s: reading linux-image-cloud-amd64.deb 2.9 s, compressing the daemon (zstd -18) 3.1 s".</summary>
    private static string Status(string node, long started, BuildSteps steps)
    {
        var running = steps.Running();
        var text = $"building {node}, {Seconds(Stopwatch.GetElapsedTime(started))}";
        return running.Count == 0 ? text : $"{text}: {string.Join(", ", running.Select(step => $"{step.Name} {Seconds(step.Elapsed)}"))}";
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture);
}
