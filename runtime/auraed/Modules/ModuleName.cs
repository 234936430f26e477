namespace Aurae.Daemon.Modules;

/// <summary>
/// Kernel module names as kmod compares them: the file name up to its first '.', with '-' and
/// '_' alike (the kernel stores '_').
/// </summary>
public static class ModuleName
{
    /// <summary>The name with every '-' written as '_'.</summary>
    public static string Normalize(string name) => name.Replace('-', '_');

    /// <summary>The module name of a path such as <c>kernel/drivers/net/virtio_net.ko</c> (also <c>.ko.xz</c>).</summary>
    public static string FromPath(string path)
    {
        var file = Path.GetFileName(path);
        var dot = file.IndexOf('.');
        return Normalize(dot < 0 ? file : file[..dot]);
    }
}
