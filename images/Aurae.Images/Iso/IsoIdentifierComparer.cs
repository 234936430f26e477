namespace Aurae.Images.Iso;

/// <summary>
/// The order of directory records (ECMA-119 §9.3) and of path table records (§9.4, via §6.9.1): by file name,
/// then extension, each compared as bytes with the shorter padded with spaces (0x20), then by descending version.
/// </summary>
internal sealed class IsoIdentifierComparer : IComparer<byte[]>
{
    public static IsoIdentifierComparer Instance { get; } = new();

    private const byte Padding = (byte)' ';

    public int Compare(byte[]? x, byte[]? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        (ReadOnlyMemory<byte> xName, ReadOnlyMemory<byte> xExtension, ReadOnlyMemory<byte> xVersion) = Parts(x);
        (ReadOnlyMemory<byte> yName, ReadOnlyMemory<byte> yExtension, ReadOnlyMemory<byte> yVersion) = Parts(y);
        int result = ComparePadded(xName.Span, yName.Span);
        if (result == 0)
        {
            result = ComparePadded(xExtension.Span, yExtension.Span);
        }

        // §9.3 c): descending order of version number; the versions here are decimal digits.
        return result != 0 ? result : -ComparePadded(xVersion.Span, yVersion.Span);
    }

    private static (ReadOnlyMemory<byte> Name, ReadOnlyMemory<byte> Extension, ReadOnlyMemory<byte> Version) Parts(byte[] identifier)
    {
        ReadOnlyMemory<byte> all = identifier;
        int semicolon = Array.IndexOf(identifier, (byte)';');
        ReadOnlyMemory<byte> version = semicolon < 0 ? ReadOnlyMemory<byte>.Empty : all[(semicolon + 1)..];
        ReadOnlyMemory<byte> nameAndExtension = semicolon < 0 ? all : all[..semicolon];
        int dot = nameAndExtension.Span.IndexOf((byte)IsoIdentifier.ExtensionSeparator);
        return dot < 0
            ? (nameAndExtension, ReadOnlyMemory<byte>.Empty, version)
            : (nameAndExtension[..dot], nameAndExtension[(dot + 1)..], version);
    }

    private static int ComparePadded(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        int length = Math.Max(x.Length, y.Length);
        for (int i = 0; i < length; i++)
        {
            byte a = i < x.Length ? x[i] : Padding;
            byte b = i < y.Length ? y[i] : Padding;
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        return 0;
    }
}
