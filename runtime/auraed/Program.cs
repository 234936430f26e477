using Aurae.Daemon;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;
using Aurae.Contract.Manifest;

// PID 1 must never leave by accident: leaving panics the kernel. Every failure ends in a
// logged, orderly power-off instead. As an ordinary process, failures exit non-zero.
var isInit = Environment.ProcessId == 1;
var shutdown = new ShutdownCoordinator();

AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    ConsoleLog.Error("auraed", $"unhandled exception: {e.ExceptionObject}");
    if (isInit)
        PowerControl.Execute(PowerAction.PowerOff);
};

var action = isInit ? PowerAction.PowerOff : PowerAction.Exit;
var exitCode = 0;
try
{
    // As init, argv holds whatever the kernel did not understand on its command line: not ours.
    var manifestPath = isInit ? "/" + NodeManifestPaths.Manifest : ManifestPathFromArguments(args);
    action = await new Daemon(isInit, manifestPath, shutdown).RunAsync();
}
catch (Exception e)
{
    ConsoleLog.Error("auraed", $"fatal: {e.Message}");
    ConsoleLog.Error("auraed", e.ToString());
    exitCode = 1;
}

if (isInit)
    PowerControl.Execute(action);
return exitCode;

static string ManifestPathFromArguments(string[] args)
{
    const string usage = "usage: auraed [--manifest PATH]   (default: $AURAED_MANIFEST or /etc/aurae/node.json)";
    return args switch
    {
        [] => Environment.GetEnvironmentVariable("AURAED_MANIFEST") ?? "/" + NodeManifestPaths.Manifest,
        ["--manifest", var path] => path,
        [var single] when single.StartsWith("--manifest=", StringComparison.Ordinal) => single["--manifest=".Length..],
        _ => throw new ArgumentException($"unexpected arguments '{string.Join(' ', args)}'; {usage}"),
    };
}
