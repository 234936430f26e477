using Aurae.Cli;
using Aurae.Cli.Output;

// Program output goes to the raw standard streams so that bytes a remote program writes reach
// the terminal or pipe unchanged (not re-encoded through a TextWriter).
var console = new CliConsole(Console.Out, Console.Error, Console.OpenStandardOutput(), Console.OpenStandardError(),
    ErrorIsTerminal: !Console.IsErrorRedirected);
return await AuraeCommandLine.RunAsync(args, console);
