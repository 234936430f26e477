using System.IO.Compression;
using System.Text;

namespace Aurae.Composer.KernelRequirements;

/// <summary>
/// The configuration a kernel built with CONFIG_IKCONFIG carries inside itself: kernel/configs.c places the
/// gzip-compressed .config between the markers "IKCFG_ST" and "IKCFG_ED" in vmlinux.
/// </summary>
public static class EmbeddedKernelConfig
{
    /// <summary>Marker before the gzip data (kernel/configs.c, kernel_config_data).</summary>
    public static ReadOnlySpan<byte> StartMarker => "IKCFG_ST"u8;

    /// <summary>Marker after the gzip data (kernel/configs.c).</summary>
    public static ReadOnlySpan<byte> EndMarker => "IKCFG_ED"u8;

    /// <summary>The message for a kernel without CONFIG_IKCONFIG.</summary>
    public const string AbsentMessage = "this kernel was built without CONFIG_IKCONFIG; give its config file";

    /// <summary>
    /// The .config text embedded in the uncompressed kernel <paramref name="vmlinux"/>. Throws
    /// <see cref="InvalidDataException"/> naming <paramref name="sourceName"/> when there is none or it is corrupt.
    /// </summary>
    public static string Extract(ReadOnlySpan<byte> vmlinux, string sourceName)
    {
        var start = vmlinux.IndexOf(StartMarker);
        if (start < 0)
            throw new InvalidDataException($"{sourceName}: {AbsentMessage}");
        var data = vmlinux[(start + StartMarker.Length)..];
        var end = data.IndexOf(EndMarker);
        if (end >= 0)
            data = data[..end];
        try
        {
            using var gzip = new GZipStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
            using var text = new MemoryStream();
            gzip.CopyTo(text);
            return Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{sourceName}: the configuration after IKCFG_ST is not valid gzip data ({e.Message})", e);
        }
    }
}
