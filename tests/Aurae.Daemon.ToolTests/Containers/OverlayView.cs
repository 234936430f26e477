using Aurae.Testing;

namespace Aurae.Daemon.Tests.Containers;

/// <summary>A read-only overlayfs mount of image layers (given lowest first), as a container's root would stack them.</summary>
public sealed class OverlayView : IDisposable
{
    private OverlayView(string path) => Path = path;

    public string Path { get; }

    public static OverlayView Mount(IEnumerable<string> layersLowestFirst)
    {
        var path = Directory.CreateTempSubdirectory("aurae-view-").FullName;
        var lowers = string.Join(':', layersLowestFirst.Reverse());
        Tool.Succeed("mount", "-t", "overlay", "overlay", "-o", $"ro,lowerdir={lowers}", path);
        return new OverlayView(path);
    }

    public void Dispose()
    {
        Tool.Succeed("umount", Path);
        Directory.Delete(Path);
    }
}
