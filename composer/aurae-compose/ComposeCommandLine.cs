using System.CommandLine;
using Aurae.Composer.Build;
using Aurae.Composer.Caching;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Composer.KernelRequirements;
using Aurae.Composer.Pki;
using System.Runtime.InteropServices;
using Aurae.Images.Compression;
using Aurae.Serve.Configuration;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Groups;
using Aurae.Serve.Http;
using Aurae.Serve.Matchbox;

namespace Aurae.Compose;

/// <summary>
/// `aurae-compose`: every subcommand, and the one place that turns failures into a message
/// on stderr and a non-zero exit code.
/// </summary>
public static class ComposeCommandLine
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Compose bootable Aurae node images from a stock Linux kernel and the auraed daemon.");
        root.Subcommands.Add(BuildCommand(output));
        root.Subcommands.Add(PkiCommand(output));
        root.Subcommands.Add(KernelCommand(output));
        root.Subcommands.Add(ServeCommand(output));
        root.Subcommands.Add(ApproveCommand(output));
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            error.WriteLine($"aurae-compose: error: {Describe(e)}");
            if (Environment.GetEnvironmentVariable("AURAE_DEBUG") is not null)
                error.WriteLine(e);
            return 1;
        }
    }

    private static Command BuildCommand(TextWriter output)
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

    private static Command ServeCommand(TextWriter output)
    {
        var serveYaml = new Argument<string>("serve.yaml") { Description = "Profiles (composed images), groups (which machines boot which) and the fleet CA." };
        var matchbox = new Option<string?>("--write-matchbox")
        {
            Description = "Write the profiles and groups as matchbox JSON (profiles/, groups/) into this directory and exit instead of serving.",
        };
        var command = new Command("serve",
            "Serve composed images to machines that netboot: iPXE scripts and boot files over HTTP, iPXE over TFTP, " +
            "and enrollment (HTTPS) through which each node gets its own certificate from the fleet CA.") { serveYaml, matchbox };
        command.SetAction(parse =>
        {
            var config = ServeConfigLoader.Load(parse.GetValue(serveYaml)!);
            if (parse.GetValue(matchbox) is { } directory)
            {
                MatchboxExport.Write(config, directory);
                output.WriteLine($"wrote {config.Profiles.Count} profile(s) and {config.Groups.Groups.Count} group(s) to {Path.GetFullPath(directory)}");
                return 0;
            }
            var clock = TimeProvider.System;
            void Log(string line)
            {
                lock (output)
                    output.WriteLine($"{clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {line}");
            }
            using var authority = EnrollmentAuthority.Load(config.PkiDirectory, clock);
            var stop = new TaskCompletionSource();
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.TrySetResult();
            }
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            var server = BootServer.StartAsync(config, authority, Log, clock).GetAwaiter().GetResult();
            stop.Task.GetAwaiter().GetResult();
            Log("stopping");
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 0;
        });
        return command;
    }

    private static Command ApproveCommand(TextWriter output)
    {
        var serveYaml = new Argument<string>("serve.yaml") { Description = "The serve.yaml of the running serve (its state directory holds approvals)." };
        var macs = new Argument<string[]>("mac") { Description = "MAC addresses of machines waiting to enroll.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("approve",
            "Approve machines waiting to enroll with `aurae-compose serve` (those no group names by MAC); with no MAC, list them.") { serveYaml, macs };
        command.SetAction(parse =>
        {
            var config = ServeConfigLoader.Load(parse.GetValue(serveYaml)!);
            var approvals = new ApprovalDirectory(config.StateDirectory);
            var given = parse.GetValue(macs) ?? [];
            if (given.Length == 0)
            {
                foreach (var pending in approvals.Pending())
                    output.WriteLine($"waiting: {pending}");
                return 0;
            }
            foreach (var text in given)
            {
                var mac = MacAddressText.Normalize(text) ?? throw new FormatException($"'{text}' is not a MAC address");
                approvals.Approve(mac, TimeProvider.System.GetUtcNow());
                output.WriteLine($"approved {mac}: it enrolls as {EnrollmentDesk.DefaultName(mac)} at its next attempt");
            }
            return 0;
        });
        return command;
    }

    private static Command PkiCommand(TextWriter output)
    {
        var directory = new Argument<string>("dir") { Description = "The PKI directory." };
        var nodes = new Option<string[]>("--node")
        {
            Description = "A node certificate to issue: NAME[=ADDR[,ADDR...]] (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var clients = new Option<string[]>("--client")
        {
            Description = "A client certificate to issue: NAME[:ROLE], ROLE admin or reader, default admin (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var init = new Command("init",
            "Create a CA, an operator (admin) client certificate, node server certificates and named client certificates; " +
            "an existing CA is kept and only missing certificates are added.") { directory, nodes, clients };
        init.SetAction(parse =>
        {
            // Every spec is parsed before anything is written: a bad one leaves the directory untouched.
            var identities = (parse.GetValue(nodes) ?? []).Select(NodeIdentity.Parse).ToList();
            var subjects = (parse.GetValue(clients) ?? []).Select(ClientSubject.Parse).ToList();
            var result = PkiInitializer.Init(parse.GetValue(directory)!, identities, subjects);
            foreach (var created in result.Created)
                output.WriteLine($"created {created}");
            foreach (var kept in result.Kept)
                output.WriteLine($"kept {kept}");
            foreach (var warning in result.Warnings)
                output.WriteLine($"warning: {warning}");
            var (configPath, written) = OperatorClientConfig.WriteIfAbsent(parse.GetValue(directory)!, identities);
            output.WriteLine(written ? $"created {configPath} (use it with AURAECONFIG={configPath} aurae …)" : $"kept {configPath}");
            return 0;
        });
        var pki = new Command("pki", "Manage the certificates nodes and operators use for mutual TLS.");
        pki.Subcommands.Add(init);
        return pki;
    }

    private static Command KernelCommand(TextWriter output)
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

    /// <summary>The message alone for failures we anticipate; the type too for anything else.</summary>
    private static string Describe(Exception e) => e switch
    {
        NodeConfigException or PkiException or IOException or InvalidDataException or NotSupportedException
            or FormatException or ArgumentException or UnauthorizedAccessException => e.Message,
        _ when e.GetType().Namespace?.StartsWith("Aurae.", StringComparison.Ordinal) == true => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
