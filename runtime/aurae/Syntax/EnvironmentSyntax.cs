namespace Aurae.Cli.Syntax;

/// <summary>--env K=V: split at the first '=', so values may contain '='.</summary>
internal static class EnvironmentSyntax
{
    public static KeyValuePair<string, string> Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0)
            throw new FormatException($"--env '{text}' is not NAME=VALUE");
        return new(text[..equals], text[(equals + 1)..]);
    }
}
