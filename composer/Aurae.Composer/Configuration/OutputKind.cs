namespace Aurae.Composer.Configuration;

/// <summary>An artifact `aurae-compose build` can produce for a node.</summary>
public enum OutputKind
{
    Pxe,
    Iso,
    RawEfi,
    Uki,
    Qcow2,
    Vhd,
    VhdDynamic,
    Vmdk,
    Gcp,
    Microvm,
}

/// <summary>node.yaml spellings of <see cref="OutputKind"/>.</summary>
public static class OutputKinds
{
    private static readonly (OutputKind Kind, string Name)[] Table =
    [
        (OutputKind.Pxe, "pxe"),
        (OutputKind.Iso, "iso"),
        (OutputKind.RawEfi, "raw-efi"),
        (OutputKind.Uki, "uki"),
        (OutputKind.Qcow2, "qcow2"),
        (OutputKind.Vhd, "vhd"),
        (OutputKind.VhdDynamic, "vhd-dynamic"),
        (OutputKind.Vmdk, "vmdk"),
        (OutputKind.Gcp, "gcp"),
        (OutputKind.Microvm, "microvm"),
    ];

    public static IReadOnlyList<string> Names { get; } = Table.Select(e => e.Name).ToArray();

    public static string ToConfigName(this OutputKind kind) => Table.First(e => e.Kind == kind).Name;

    public static bool TryParse(string name, out OutputKind kind)
    {
        var index = Array.FindIndex(Table, e => e.Name == name);
        kind = index >= 0 ? Table[index].Kind : default;
        return index >= 0;
    }
}
