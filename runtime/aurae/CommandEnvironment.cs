using System.CommandLine;
using Aurae.Cli.Output;

namespace Aurae.Cli;

/// <summary>What every command's action needs: the global options to read and where to write.</summary>
internal sealed record CommandEnvironment(GlobalOptions Globals, CliConsole Console)
{
    public NodeSession OpenSession(ParseResult parse) => NodeSession.Open(parse, Globals, Console);
}
