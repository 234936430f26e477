using System.Text;

namespace Aurae.Images.Iso;

/// <summary>
/// Validation of the paths given to <see cref="IsoImageBuilder"/>: relative, '/'-separated, each component a
/// name Rock Ridge can carry (at most <see cref="MaxNameBytes"/> UTF-8 bytes, as Linux's NAME_MAX).
/// </summary>
internal static class IsoPath
{
    /// <summary>Longest component in UTF-8 bytes: Linux's NAME_MAX, which the Rock Ridge NM name must not exceed.</summary>
    public const int MaxNameBytes = 255;

    // Throwing (not replacing) on lone surrogates: a silently altered name would land somewhere else.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Splits a valid path into its components; throws <see cref="ArgumentException"/> naming the path otherwise.</summary>
    public static string[] Split(string path, string paramName)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        if (path.Length == 0)
        {
            throw new ArgumentException("An ISO image path must not be empty.", paramName);
        }

        if (path[0] == '/')
        {
            throw Invalid(path, "is absolute; paths are relative to the image root and have no leading '/'", paramName);
        }

        if (path.Contains('\0'))
        {
            throw Invalid(path.Replace("\0", "\\0", StringComparison.Ordinal), "contains a NUL character", paramName);
        }

        string[] components = path.Split('/');
        foreach (string component in components)
        {
            if (component.Length == 0)
            {
                throw Invalid(path, "has an empty component (a doubled or trailing '/')", paramName);
            }

            if (component is "." or "..")
            {
                throw Invalid(path, "has a '.' or '..' component", paramName);
            }

            int bytes = Utf8Length(component, path, paramName);
            if (bytes > MaxNameBytes)
            {
                throw Invalid(path, $"has a name of {bytes} UTF-8 bytes ('{component[..16]}...'); at most {MaxNameBytes} are allowed", paramName);
            }
        }

        return components;
    }

    /// <summary>The UTF-8 bytes of a name (already validated by <see cref="Split"/>).</summary>
    public static byte[] EncodeName(string name) => StrictUtf8.GetBytes(name);

    private static int Utf8Length(string component, string path, string paramName)
    {
        try
        {
            return StrictUtf8.GetByteCount(component);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException($"Invalid ISO image path '{path}': it is not valid UTF-16 text (unpaired surrogate).", paramName, exception);
        }
    }

    private static ArgumentException Invalid(string path, string reason, string paramName) =>
        new($"Invalid ISO image path '{path}': it {reason}.", paramName);
}
