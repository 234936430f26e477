namespace Aurae.Cli.Output;

/// <summary>
/// Where the command writes: text for messages and results, and optionally the raw byte streams
/// behind them for a remote program's output (tests give only writers; bytes are then decoded as UTF-8).
/// <see cref="ErrorIsTerminal"/>: progress is drawn on stderr only when a person is watching it.
/// </summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, Stream? RawOut = null, Stream? RawError = null, bool ErrorIsTerminal = false);
