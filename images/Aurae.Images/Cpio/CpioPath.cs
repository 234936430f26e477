using System.Text;

namespace Aurae.Images.Cpio;

/// <summary>Validation and encoding of the names and link targets stored in a cpio archive.</summary>
internal static class CpioPath
{
    // Throwing (not replacing) on lone surrogates: a silently altered name would land somewhere else.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Checks that <paramref name="path"/> is a canonical relative path (the kernel unpacks names
    /// relative to its root and does not normalise them) and returns its UTF-8 bytes without the NUL.
    /// </summary>
    public static byte[] ValidateAndEncode(string path, string paramName)
    {
        ArgumentNullException.ThrowIfNull(path, paramName);
        if (path.Length == 0)
        {
            throw new ArgumentException("A cpio entry path must not be empty.", paramName);
        }

        if (path.Contains('\0'))
        {
            throw Invalid(path, "contains a NUL character", paramName);
        }

        if (path[0] == '/')
        {
            throw Invalid(path, "is absolute; cpio entry paths are relative to the archive root and have no leading '/'", paramName);
        }

        foreach (Range range in path.AsSpan().Split('/'))
        {
            ReadOnlySpan<char> component = path.AsSpan(range);
            if (component.IsEmpty)
            {
                throw Invalid(path, "has an empty component (a doubled or trailing '/')", paramName);
            }

            if (component is "." or "..")
            {
                throw Invalid(path, "has a '.' or '..' component", paramName);
            }
        }

        if (path == CpioNewcHeader.TrailerName)
        {
            throw Invalid(path, "is the reserved end-of-archive marker", paramName);
        }

        byte[] bytes = Encode(path, paramName, "path");
        if (bytes.Length + 1 > CpioNewcHeader.PathMax)
        {
            throw Invalid(path, $"is {bytes.Length} UTF-8 bytes; the kernel accepts at most {CpioNewcHeader.PathMax - 1}", paramName);
        }

        return bytes;
    }

    /// <summary>Checks a symbolic link target (which may be absolute) and returns its UTF-8 bytes.</summary>
    public static byte[] ValidateAndEncodeLinkTarget(string target, string paramName)
    {
        ArgumentNullException.ThrowIfNull(target, paramName);
        if (target.Length == 0)
        {
            throw new ArgumentException("A symbolic link target must not be empty.", paramName);
        }

        if (target.Contains('\0'))
        {
            throw new ArgumentException($"Symbolic link target '{target.Replace("\0", "\\0")}' contains a NUL character.", paramName);
        }

        byte[] bytes = Encode(target, paramName, "symbolic link target");
        if (bytes.Length >= CpioNewcHeader.PathMax)
        {
            throw new ArgumentException(
                $"Symbolic link target '{target}' is {bytes.Length} UTF-8 bytes; the kernel accepts at most {CpioNewcHeader.PathMax - 1}.",
                paramName);
        }

        return bytes;
    }

    private static byte[] Encode(string text, string paramName, string what)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException exception)
        {
            throw new ArgumentException($"The {what} '{text}' is not valid UTF-16 text (unpaired surrogate).", paramName, exception);
        }
    }

    private static ArgumentException Invalid(string path, string reason, string paramName) =>
        new($"Invalid cpio entry path '{path.Replace("\0", "\\0")}': it {reason}.", paramName);
}
