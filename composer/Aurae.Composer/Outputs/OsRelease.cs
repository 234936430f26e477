using System.Reflection;

namespace Aurae.Composer.Outputs;

/// <summary>
/// The os-release(5) text a UKI carries in .osrel: boot menus (systemd-boot, bootctl) show it,
/// and it says which node and Aurae version the image is.
/// </summary>
public static class OsRelease
{
    public static string For(string nodeName)
    {
        var version = typeof(OsRelease).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0";
        return $"""
            NAME="Aurae"
            ID=aurae
            VERSION_ID={version}
            PRETTY_NAME="Aurae {version} ({nodeName})"
            IMAGE_ID={nodeName}
            HOME_URL="https://aurae.io/"

            """;
    }
}
