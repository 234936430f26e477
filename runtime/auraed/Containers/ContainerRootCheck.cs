using Aurae.Contract.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>
/// The paths in a container's root the node mounts or creates things on (/proc, /dev, /sys, the
/// working directory, where artifacts are bound) must stay inside the root when resolved: the
/// workload's setup resolves them before it enters the root, where an absolute symbolic link of the
/// image's (or a relative one climbing out) would lead onto the node's own tree. Relative links
/// that stay inside (Debian's /bin → usr/bin) are followed. runc guards the same with its secure
/// join; here the root is new and nobody else writes it before the workload starts, so checking it
/// now is enough.
/// </summary>
internal static class ContainerRootCheck
{
    private const int MaxLinks = 40; // as the kernel's path walk (MAXSYMLINKS)
    private static readonly string[] NodeMounts = ["/proc", "/dev", "/sys"];

    public static void RequireInside(string rootfs, string image, string workingDirectory, IEnumerable<string> bindTargets)
    {
        foreach (var path in NodeMounts.Append(workingDirectory).Concat(bindTargets))
            if (Escape(rootfs, path) is { } problem)
                throw new ImageException(ImageFailure.InvalidArgument,
                    $"image '{image}': {path} {problem}; the node mounts or binds there, so it must resolve inside the image");
    }

    private static string? Escape(string rootfs, string path)
    {
        var pending = new Queue<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var current = rootfs;
        var links = 0;
        while (pending.TryDequeue(out var part))
        {
            var next = Path.GetFullPath(Path.Combine(current, part));
            if (!Inside(rootfs, next))
                return "climbs out of the image";
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                    return "passes through too many symbolic links";
                if (target.StartsWith('/'))
                    return $"passes through an absolute symbolic link ('{next[rootfs.Length..]}' → '{target}')";
                // Resolve the link's target in place of the link, then the rest of the path.
                var rest = pending.ToArray();
                pending.Clear();
                foreach (var piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest))
                    pending.Enqueue(piece);
                continue;
            }
            if (!info.Exists && !Directory.Exists(next))
                return null; // the rest is made fresh by the workload's setup
            current = next;
        }
        return null;
    }

    private static bool Inside(string rootfs, string path) =>
        path == rootfs || path.StartsWith(rootfs + "/", StringComparison.Ordinal);
}
