using Aurae.Contract.Oci;

namespace Aurae.Daemon.Containers;

/// <summary>
/// An image config's User (config.md: "user", "uid", "user:group", "uid:gid", "user:gid",
/// "uid:group") as ids, names looked up in the image's own /etc/passwd and /etc/group. Those files
/// are read only when they are regular files in the image (never through a symbolic link, which
/// would lead out of it).
/// </summary>
internal static class ContainerUser
{
    public static (uint Uid, uint? Gid) Resolve(string user, string rootfs, string image)
    {
        var parts = user.Split(':', 2);
        uint? primaryGroup = null;
        uint uid;
        if (uint.TryParse(parts[0], out var numeric))
        {
            uid = numeric;
        }
        else
        {
            var entry = Lookup(rootfs, "etc/passwd", parts[0], image)
                ?? throw Invalid($"image '{image}': User '{user}': no user '{parts[0]}' in its /etc/passwd");
            uid = Field(entry, 2, user, image);
            primaryGroup = Field(entry, 3, user, image);
        }
        if (parts.Length == 1)
            return (uid, primaryGroup);
        if (uint.TryParse(parts[1], out var gid))
            return (uid, gid);
        var group = Lookup(rootfs, "etc/group", parts[1], image)
            ?? throw Invalid($"image '{image}': User '{user}': no group '{parts[1]}' in its /etc/group");
        return (uid, Field(group, 2, user, image));
    }

    private static string[]? Lookup(string rootfs, string file, string name, string image)
    {
        var path = Path.Combine(rootfs, file);
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null || new FileInfo(Path.Combine(rootfs, "etc")).LinkTarget is not null)
            return null;
        return File.ReadLines(path).Select(line => line.Split(':')).FirstOrDefault(fields => fields.Length > 3 && fields[0] == name);
    }

    private static uint Field(string[] entry, int index, string user, string image) =>
        uint.TryParse(entry[index], out var id) ? id : throw Invalid($"image '{image}': User '{user}': its entry has no numeric id");

    // A request the image cannot satisfy: the API edge (WorkloadSandboxes) makes it InvalidArgument.
    private static ImageException Invalid(string message) => new(ImageFailure.InvalidArgument, message);
}
