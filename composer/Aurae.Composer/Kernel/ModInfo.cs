using System.Text;

namespace Aurae.Composer.Kernel;

/// <summary>
/// The "key=value" strings of a kernel module's .modinfo section (written by the kernel's
/// MODULE_INFO macros: name, depends, alias, softdep, license, vermagic, ...), in section order.
/// A key may repeat (alias does, many times).
/// </summary>
public sealed class ModInfo
{
    private readonly KeyValuePair<string, string>[] _entries;

    public ModInfo(IEnumerable<KeyValuePair<string, string>> entries)
    {
        _entries = entries.ToArray();
    }

    public IReadOnlyList<KeyValuePair<string, string>> Entries => _entries;

    /// <summary>
    /// Splits a .modinfo section into its NUL-terminated strings, skipping the empty strings that
    /// alignment padding leaves. A string without '=' becomes a key with an empty value.
    /// </summary>
    public static ModInfo Parse(ReadOnlySpan<byte> section)
    {
        var entries = new List<KeyValuePair<string, string>>();
        while (!section.IsEmpty)
        {
            var end = section.IndexOf((byte)0);
            var text = end < 0 ? section : section[..end];
            section = end < 0 ? [] : section[(end + 1)..];
            if (text.IsEmpty)
                continue;
            var entry = Encoding.UTF8.GetString(text);
            var equals = entry.IndexOf('=');
            entries.Add(equals < 0
                ? new KeyValuePair<string, string>(entry, "")
                : new KeyValuePair<string, string>(entry[..equals], entry[(equals + 1)..]));
        }
        return new ModInfo(entries);
    }

    /// <summary>The value of the first entry with <paramref name="key"/>, or null.</summary>
    public string? GetFirst(string key)
    {
        foreach (var (k, v) in _entries)
        {
            if (k == key)
                return v;
        }
        return null;
    }

    /// <summary>The values of every entry with <paramref name="key"/>, in section order.</summary>
    public IReadOnlyList<string> GetAll(string key) =>
        _entries.Where(e => e.Key == key).Select(e => e.Value).ToArray();
}
