namespace Aurae.Testing.Images;

/// <summary>
/// A real Debian userland as an OCI image, made by independent tools only: mmdebstrap extracts
/// bookworm's busybox package and what it depends on (libc6 and its loader) from Debian's
/// registry, umoci adds that tree as a layer and a second one with a page to serve, sets the
/// config to serve it with Debian's (dynamically linked) busybox httpd on port 8000, and skopeo
/// writes it as oci-archive. Made once per test class; needs root and Debian's mirror.
/// </summary>
public sealed class DebianImage : IDisposable
{
    public const string Tag = "web";
    public const int Port = 8000;
    public const string Page = "served by Debian's busybox from an isolated cell\n";

    public DebianImage()
    {
        Root = Directory.CreateTempSubdirectory("aurae-debian-").FullName;
        var userland = Path.Combine(Root, "debian.tar");
        Tool.Succeed("mmdebstrap", "--quiet", "--variant=extract", "--include=base-files,busybox",
            "--dpkgopt=path-exclude=/usr/share/doc/*", "--dpkgopt=path-exclude=/usr/share/man/*",
            "--dpkgopt=path-exclude=/usr/share/locale/*", "--format=tar", "bookworm", userland);
        var layout = Path.Combine(Root, "layout");
        Tool.Succeed("umoci", "init", "--layout", layout);
        Tool.Succeed("umoci", "new", "--image", $"{layout}:{Tag}");
        Tool.Succeed("umoci", "raw", "add-layer", "--image", $"{layout}:{Tag}", userland);
        var bundle = Path.Combine(Root, "bundle");
        Tool.Succeed("umoci", "unpack", "--image", $"{layout}:{Tag}", bundle);
        var www = Path.Combine(bundle, "rootfs", "var", "www");
        Directory.CreateDirectory(www);
        File.WriteAllText(Path.Combine(www, "index.html"), Page);
        Tool.Succeed("umoci", "repack", "--image", $"{layout}:{Tag}", bundle);
        Tool.Succeed("umoci", "config", "--image", $"{layout}:{Tag}", "--config.entrypoint", "/bin/busybox",
            "--config.cmd", "httpd", "--config.cmd", "-f", "--config.cmd", "-p", "--config.cmd", $"127.0.0.1:{Port}",
            "--config.cmd", "-h", "--config.cmd", "/var/www", "--config.workingdir", "/var/www");
        OciArchive = Path.Combine(Root, "debian-web.tar");
        Tool.Succeed("skopeo", "copy", "-q", $"oci:{layout}:{Tag}", $"oci-archive:{OciArchive}");
    }

    public string Root { get; }

    public string OciArchive { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
