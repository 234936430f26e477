using System.Text;

namespace Aurae.Contract.Yaml;

/// <summary>
/// A YAML file's bytes as text. A file that is not UTF-8 or holds control characters (a binary
/// given by mistake) is refused at its first bad byte, rather than decoded with replacement
/// characters and handed to the YAML parser, whose complaint would not say what is wrong.
/// </summary>
public static class YamlText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <exception cref="ConfigFileException">The bytes are not UTF-8 text.</exception>
    /// <param name="kind">What the file is, for messages ("node.yaml").</param>
    public static string Decode(byte[] bytes, string filePath, string kind)
    {
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        // In UTF-8 a byte below 0x20 is always that control character, never part of another.
        var control = FirstControlByte(bytes, start);
        var end = control < 0 ? bytes.Length : control;
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, start, end - start);
        }
        catch (DecoderFallbackException e)
        {
            // Everything before the bad byte is valid, so its text gives the line and column.
            throw At(filePath, kind, StrictUtf8.GetString(bytes, start, e.Index), $"byte 0x{bytes[start + e.Index]:X2} at offset {start + e.Index} is not UTF-8");
        }
        return control < 0 ? text : throw At(filePath, kind, text, $"control character U+{bytes[control]:X4} at offset {control}");
    }

    /// <summary>The offset of the first C0 control byte other than tab, line feed and carriage return; -1 when none.</summary>
    private static int FirstControlByte(byte[] bytes, int start)
    {
        for (var i = start; i < bytes.Length; i++)
        {
            if (bytes[i] < 0x20 && bytes[i] is not ((byte)'\t' or (byte)'\n' or (byte)'\r'))
                return i;
        }
        return -1;
    }

    /// <param name="before">The text before the bad byte.</param>
    private static ConfigFileException At(string filePath, string kind, string before, string what)
    {
        var line = before.Count(c => c == '\n') + 1;
        var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
        return new ConfigFileException(filePath, line, column, null,
            $"not a text file: {what}; {kind} must be UTF-8 text (is this a binary?)");
    }
}
