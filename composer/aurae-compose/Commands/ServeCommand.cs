using System.CommandLine;
using System.Runtime.InteropServices;
using Aurae.Serve.Configuration;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Http;
using Aurae.Serve.Matchbox;

namespace Aurae.Compose.Commands;

/// <summary>`aurae-compose serve serve.yaml`: netboots the fleet (HTTP, TFTP, enrollment) until SIGINT or SIGTERM, or writes matchbox JSON.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output)
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
}
