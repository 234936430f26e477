namespace Aurae.Composer.Kernel;

/// <summary>
/// The named module sets node.yaml may select as "@name". Members are module names and path
/// globs of Debian's amd64 kernels; a member a given kernel lacks (the cloud flavour has few NIC
/// drivers) is skipped, but a set must match something in the kernel.
/// </summary>
public static class ModuleSets
{
    /// <summary>Set name (without '@') → members.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> All { get; } =
        new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            // Paravirtual devices of QEMU, Firecracker and cloud hypervisors: transports first.
            ["virtio"] =
            [
                "virtio_pci", "virtio_mmio", "virtio_net", "virtio_blk", "virtio_scsi", "virtio_console",
                "virtio_rng", "virtio_balloon", "virtio_input", "vmw_vsock_virtio_transport", "virtiofs",
                "9pnet_virtio",
            ],
            // Every wired Ethernet driver the kernel builds.
            ["baremetal-nics"] = ["kernel/drivers/net/ethernet/**"],
            // Disk controllers and the SCSI disk layer they feed, physical and virtual.
            ["storage"] =
            [
                "nvme", "ahci", "ata_piix", "ata_generic", "sd_mod", "sr_mod", "virtio_blk", "virtio_scsi",
                "usb_storage", "uas", "xen_blkfront", "hv_storvsc", "vmw_pvscsi", "megaraid_sas", "mpt3sas",
            ],
        };
}
