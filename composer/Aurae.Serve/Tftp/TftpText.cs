namespace Aurae.Serve.Tftp;

/// <summary>Makes client-supplied text safe to put on one log line.</summary>
internal static class TftpText
{
    /// <summary><paramref name="text"/> with control characters (newlines, escapes) replaced by '?'.</summary>
    public static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '?' : c)) : text;
}
