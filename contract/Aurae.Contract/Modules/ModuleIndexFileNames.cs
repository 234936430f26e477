namespace Aurae.Contract.Modules;

/// <summary>
/// The kmod index files under <c>lib/modules/RELEASE/</c>, named as depmod(8) names them: the
/// composer writes them (<see cref="ModuleIndexContent"/>) and auraed reads them (<see cref="ModuleIndex"/>).
/// Only the text forms; kmod's binary .bin indexes are not carried.
/// </summary>
public static class ModuleIndexFileNames
{
    public const string Dependencies = "modules.dep";
    public const string Aliases = "modules.alias";
    public const string Softdeps = "modules.softdep";
    public const string Builtin = "modules.builtin";
}
