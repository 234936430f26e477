namespace Aurae.Contract.Modules;

/// <summary>
/// Kernel module names as kmod compares them: the file name up to its first '.', with '-' and
/// '_' alike (the kernel stores '_'). Part of the image contract: the composer writes the module
/// index with these names and the daemon looks modules up by them.
/// </summary>
public static class KernelModuleName
{
    /// <summary>The name with every '-' written as '_'.</summary>
    public static string Normalize(string name) => name.Replace('-', '_');

    /// <summary>
    /// The module name of a path or file name such as <c>kernel/drivers/net/virtio-net.ko</c> (also
    /// <c>.ko.xz</c>, or a bare name): "virtio_net".
    /// </summary>
    public static string FromPath(string path)
    {
        var file = Path.GetFileName(path);
        var dot = file.IndexOf('.');
        return Normalize(dot < 0 ? file : file[..dot]);
    }
}
