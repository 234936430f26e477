namespace Aurae.Testing.Images;

/// <summary>
/// An image made by independent tools only: umoci builds an OCI layout of two layers from
/// busybox-static (the second deletes, replaces, re-modes and hard-links what the first holds,
/// and writes beneath a directory only the first layer describes), umoci unpacks it as the
/// reference root, and skopeo writes it as oci-archive (gzip layers), oci-archive with zstd
/// layers, and docker-archive (plain tar layers). Made once per test run; needs root (ownership).
/// </summary>
public sealed class UmociImage : IDisposable
{
    public const string Tag = "test";
    public const string DockerReference = "aurae/test:1";

    public UmociImage()
    {
        Root = Directory.CreateTempSubdirectory("aurae-umoci-").FullName;
        Run("umoci", "init", "--layout", Layout);
        Run("umoci", "new", "--image", $"{Layout}:{Tag}");

        var first = Unpack("first");
        Shell($"""
            cd {first}
            mkdir -p bin etc data/keep opq private
            cp /bin/busybox bin/busybox
            ln -s busybox bin/sh
            ln -s /etc/motd etc/absolute-link
            ln -s nowhere etc/dangling-link
            echo motd > etc/motd
            ln etc/motd etc/hard
            echo suid > bin/suid && chmod 4755 bin/suid
            echo sgid > bin/sgid && chmod 2711 bin/sgid
            echo user > etc/user && chown 1000:1001 etc/user
            mkfifo etc/fifo
            echo gone > data/gone
            echo keep > data/keep/k
            echo a > opq/a && echo b > opq/b
            echo p > private/first && chown -R 1000:1000 private && chmod 0700 private
            chmod 1777 data
            """);
        Run("umoci", "repack", "--image", $"{Layout}:{Tag}", Path.Combine(Root, "first"));

        var second = Unpack("second");
        Shell($"""
            cd {second}
            rm data/gone
            rm -rf opq && mkdir opq && echo c > opq/c
            chmod 600 etc/motd
            rm etc/user && mkdir etc/user && echo x > etc/user/x
            echo second > private/second
            ln bin/busybox bin/busybox-hardlink
            rm bin/sh && ln -s /bin/busybox bin/sh
            """);
        Run("umoci", "repack", "--image", $"{Layout}:{Tag}", Path.Combine(Root, "second"));
        Run("umoci", "config", "--image", $"{Layout}:{Tag}", "--config.entrypoint", "/bin/sh", "--config.cmd", "-c",
            "--config.cmd", "echo hi", "--config.env", "A=1", "--config.workingdir", "/data", "--config.user", "1000:1001");
        Run("umoci", "unpack", "--image", $"{Layout}:{Tag}", Path.Combine(Root, "reference"));

        OciArchive = Path.Combine(Root, "image-oci.tar");
        ZstdOciArchive = Path.Combine(Root, "image-oci-zstd.tar");
        DockerArchive = Path.Combine(Root, "image-docker.tar");
        Run("skopeo", "copy", "-q", $"oci:{Layout}:{Tag}", $"oci-archive:{OciArchive}");
        Run("skopeo", "copy", "-q", "--dest-compress-format", "zstd", $"oci:{Layout}:{Tag}", $"oci-archive:{ZstdOciArchive}");
        Run("skopeo", "copy", "-q", $"oci:{Layout}:{Tag}", $"docker-archive:{DockerArchive}:{DockerReference}");
    }

    public string Root { get; }

    public string Layout => Path.Combine(Root, "layout");

    /// <summary>umoci's unpacking of the image: the root every unpacking must equal.</summary>
    public string ReferenceRoot => Path.Combine(Root, "reference", "rootfs");

    public string OciArchive { get; }

    public string ZstdOciArchive { get; }

    public string DockerArchive { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string Unpack(string name)
    {
        Run("umoci", "unpack", "--image", $"{Layout}:{Tag}", Path.Combine(Root, name));
        return Path.Combine(Root, name, "rootfs");
    }

    private static void Shell(string script) => Run("bash", "-euo", "pipefail", "-c", script);

    private static void Run(string tool, params string[] arguments) => Tool.Succeed(tool, arguments);
}
