namespace Aurae.Cli.Output;

/// <summary>
/// Where the command writes: text for messages and results, and optionally the raw byte streams
/// behind them for a remote program's output (tests give only writers; bytes are then decoded as UTF-8).
/// </summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Stream? RawOut = null, Stream? RawError = null);
