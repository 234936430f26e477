using Aurae.Composer.Build;
using Aurae.Composer.Configuration;
using Aurae.Composer.Daemon;
using Aurae.Node.Tests.Support;

namespace Aurae.Node.Tests.Fleet;

/// <summary>The fleet's one image: the cloud kernel, virtio networking, <c>identity: enroll</c>, the pxe output.</summary>
public static class EnrollingImage
{
    /// <summary>Composes it under <paramref name="work"/>/image with the CA of <paramref name="pkiDirectory"/>; returns that directory.</summary>
    public static string Build(string work, string pkiDirectory)
    {
        var nodeYaml = Path.Combine(work, "node.yaml");
        File.WriteAllText(nodeYaml, $"""
            name: fleet
            kernel:
              deb: {TestEnvironment.KernelDeb}
              cmdline: "console=ttyS0 panic=-1"
              modules: [virtio_pci, virtio_net]
            pki: {pkiDirectory}
            identity: enroll
            outputs: [pxe]
            """);
        var image = Path.Combine(work, "image");
        new NodeImageBuilder(DaemonBinary.Load(TestEnvironment.Daemon)).Build(NodeConfigLoader.Load(nodeYaml), image);
        return image;
    }
}
