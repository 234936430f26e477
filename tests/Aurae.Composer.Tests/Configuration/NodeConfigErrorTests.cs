using Aurae.Composer.Configuration;

namespace Aurae.Composer.Tests.Configuration;

/// <summary>Broken node.yaml snippets, each with the exact position, field and problem it must report.</summary>
public sealed class NodeConfigErrorTests : IDisposable
{
    // Valid lines that snippets reuse, so each case breaks exactly one thing.
    private const string Head = "name: n1\nkernel: {deb: kernel.deb}\npki: pki\n";

    private readonly ConfigTestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    public static TheoryData<string, string, int, int, string?, string> Cases => new()
    {
        // YAML syntax errors keep the field being read when the parser stopped.
        { "syntax: mapping inside a plain scalar", "name: a: b\n", 1, 8, "name", "YAML syntax error: While scanning a plain scalar value, found invalid mapping." },
        { "syntax: tab indentation", "name: n1\nkernel:\n\tdeb: kernel.deb\n", 3, 1, "kernel", "YAML syntax error: While scanning a mapping, found invalid tab as indentation." },
        { "syntax: tab after a value", "name: n1\nkernel:\n  deb: kernel.deb\n\tmodules: []\n", 4, 1, "kernel.deb", "YAML syntax error: While scanning a plain scalar, found a tab character that violate indentation." },
        { "syntax: unclosed [", "name: n1\noutputs: [pxe\npki: pki\n", 2, 10, "outputs", "YAML syntax error: this '[' is never closed" },
        { "syntax: unclosed {", "name: n1\nkernel: {deb: kernel.deb\npki: pki\n", 2, 9, "kernel", "YAML syntax error: this '{' is never closed" },
        { "syntax: unterminated quote", "name: 'n1\n", 1, 7, "name", "YAML syntax error: While scanning a quoted scalar, found unexpected end of stream." },
        { "syntax: duplicate key", "name: n1\nname: n2\n", 2, 1, "name", "duplicate key (first defined at line 1)" },
        { "syntax: unknown alias", "name: *n\n", 1, 7, "name", "the alias '*n' refers to no anchor defined before it" },
        { "syntax: two documents", "---\nname: n1\n---\nname: n2\n", 3, 1, null, "a second YAML document starts here; node.yaml holds exactly one" },
        { "syntax: unsupported tag", "name: !!int 5\n", 1, 7, "name", "the YAML tag 'tag:yaml.org,2002:int' is not supported here" },
        // Document shape.
        { "empty file", "", 1, 1, null, "the file is empty; node.yaml needs at least name, kernel, pki and outputs" },
        { "only a comment", "# nothing yet\n", 1, 1, null, "the file is empty; node.yaml needs at least name, kernel, pki and outputs" },
        { "top level is a sequence", "- name: n1\n", 1, 1, null, "expected a mapping, got a sequence" },
        // Wrong types.
        { "type: module is a mapping", "name: n1\nkernel:\n  deb: kernel.deb\n  modules: [virtio_net, virtio_pci, {a: b}]\n", 4, 37, "kernel.modules[2]", "expected a string, got a mapping" },
        { "type: kernel is a string", "name: n1\nkernel: kernel.deb\n", 2, 9, "kernel", "expected a mapping, got 'kernel.deb'" },
        { "type: cmdline is a sequence", "name: n1\nkernel:\n  deb: kernel.deb\n  cmdline: [a]\n", 4, 12, "kernel.cmdline", "expected a string, got a sequence" },
        { "type: name is null", "name:\nkernel: {deb: kernel.deb}\n", 1, 6, "name", "expected a string, got null" },
        { "type: dhcp yes", Head + "network: {dhcp: yes}\noutputs: [pxe]\n", 4, 17, "network.dhcp", "expected a boolean (true or false), got 'yes'" },
        { "type: quoted boolean", Head + "network:\n  dhcp: \"false\"\noutputs: [pxe]\n", 5, 9, "network.dhcp", "expected a boolean (true or false), got 'false'" },
        { "type: outputs is a string", Head + "outputs: pxe\n", 4, 10, "outputs", "expected a sequence, got 'pxe' (write a single item as [pxe])" },
        // Unknown keys.
        { "unknown key with suggestion", "name: n1\nkernal:\n  deb: kernel.deb\n", 2, 1, "kernal", "unknown key (did you mean 'kernel'?); known keys: name, kernel, pki, identity, api, network, initramfs, boot, disk, secure_boot, outputs" },
        { "unknown nested key, camelCase", "name: n1\nkernel:\n  deb: kernel.deb\n  cmdLine: x\n", 4, 3, "kernel.cmdLine", "unknown key (did you mean 'cmdline'?); known keys: deb, directory, vmlinuz, modules_tarball, config, cmdline, modules, modules_exclude, modules_load" },
        { "unknown key without suggestion", Head + "colour: blue\n", 4, 1, "colour", "unknown key; known keys: name, kernel, pki, identity, api, network, initramfs, boot, disk, secure_boot, outputs" },
        // Missing required fields point at the parent mapping.
        { "missing name", "kernel: {deb: kernel.deb}\npki: pki\noutputs: [pxe]\n", 1, 1, "name", "required field is missing" },
        { "missing outputs", Head, 1, 1, "outputs", "required field is missing" },
        { "missing kernel source", "name: n1\nkernel:\n  cmdline: x\n", 3, 3, "kernel", "expected exactly one of 'deb' (a Debian kernel package), 'directory' (an installed kernel: vmlinuz, config, lib/modules/RELEASE) or 'vmlinuz' (a kernel image, with 'modules_tarball' and 'config')" },
        { "both kernel sources", "name: n1\nkernel:\n  deb: kernel.deb\n  directory: kernel-dir\n", 4, 3, "kernel.directory", "'deb', 'directory' and 'vmlinuz' exclude each other; give exactly one" },
        // Names and values.
        { "name not lowercase", "name: Node1\n", 1, 7, "name", "not a valid hostname: 'Node1' must be lowercase (did you mean 'node1'?)" },
        { "name with underscore", "name: node_1\n", 1, 7, "name", "not a valid hostname: 'node_1' contains '_'; a hostname allows only a-z, 0-9, '-' and '.'" },
        { "module with .ko", "name: n1\nkernel: {deb: kernel.deb, modules: [virtio_net.ko]}\n", 2, 37, "kernel.modules[0]", "'virtio_net.ko': write the module name without the file extension, e.g. 'virtio_net'" },
        { "module listed twice", "name: n1\nkernel: {deb: kernel.deb, modules: [virtio_net, virtio-net]}\n", 2, 49, "kernel.modules[1]", "module 'virtio-net' is already listed as modules[0]" },
        { "cmdline with newline", "name: n1\nkernel:\n  deb: kernel.deb\n  cmdline: \"a\\nb\"\n", 4, 12, "kernel.cmdline", "the kernel command line must be a single line without control characters" },
        { "listen hostname", Head + "api: {listen: localhost:8080}\n", 4, 15, "api.listen", "'localhost' is not an IP address; host names are not allowed because the node has no DNS resolver (use e.g. 0.0.0.0:8080 or [::]:8080)" },
        { "listen IPv6 without brackets", Head + "api:\n  listen: \":::8080\"\n", 5, 11, "api.listen", "':::8080': an IPv6 address needs brackets, e.g. [::]:8080" },
        { "metrics on the API's port", Head + "api: {listen: '0.0.0.0:8080', metrics: '10.0.2.15:8080'}\n", 4, 40, "api.metrics", "'10.0.2.15:8080' takes the API's port (0.0.0.0:8080); metrics need a port of their own" },
        { "metrics hostname", Head + "api: {metrics: 'localhost:9100'}\n", 4, 16, "api.metrics", "'localhost' is not an IP address; host names are not allowed because the node has no DNS resolver (use e.g. 0.0.0.0:8080 or [::]:8080); or 'off' to serve no metrics" },
        { "listen on the metrics' default port", Head + "api: {listen: '0.0.0.0:9100'}\n", 4, 6, "api", "api.listen takes port 9100, where metrics are served by default: give 'metrics' a port of its own, or 'off'" },
        { "listen without port", Head + "api: {listen: 0.0.0.0}\n", 4, 15, "api.listen", "'0.0.0.0' has no port; write IP:PORT, e.g. 0.0.0.0:8080 or [::]:8080" },
        { "listen only a port", Head + "api: {listen: 8080}\n", 4, 15, "api.listen", "'8080' is only a port; write IP:PORT, e.g. 0.0.0.0:8080 or [::]:8080" },
        { "listen port out of range", Head + "api: {listen: '0.0.0.0:65536'}\n", 4, 15, "api.listen", "'65536' is not a port number (1-65535)" },
        { "listen bad IPv4", Head + "api: {listen: '10.0.0:80'}\n", 4, 15, "api.listen", "'10.0.0' is not an IP address (expected IPv4 like 10.0.0.5 or IPv6 like fd00::5)" },
        { "static address without CIDR", Head + "network:\n  dhcp: false\n  address: 10.0.2.15\n", 6, 12, "network.address", "'10.0.2.15' has no prefix length; write it in CIDR form, e.g. 10.0.2.15/24" },
        { "prefix too long", Head + "network: {address: 10.0.2.15/33}\n", 4, 20, "network.address", "'33' is not a prefix length (1-32)" },
        { "dhcp false without address", Head + "network:\n  dhcp: false\n", 5, 9, "network.dhcp", "'dhcp: false' needs a static 'address' in CIDR form, e.g. 10.0.2.15/24" },
        { "dhcp true with address", Head + "network:\n  dhcp: true\n  address: 10.0.2.15/24\n", 6, 3, "network.address", "a static address needs 'dhcp: false' (or remove 'dhcp')" },
        { "gateway without address", Head + "network: {gateway: 10.0.2.2}\n", 4, 20, "network.gateway", "a gateway needs a static 'address'" },
        { "gateway of another family", Head + "network: {address: 10.0.2.15/24, gateway: 'fd00::1'}\n", 4, 43, "network.gateway", "gateway fd00::1 and address 10.0.2.15/24 are not the same IP version" },
        { "interface name too long", Head + "network: {interface: enp0s31f6abcdefgh}\n", 4, 22, "network.interface", "'enp0s31f6abcdefgh' is not an interface name (1 to 15 characters)" },
        { "compression typo", Head + "initramfs: {compression: zst}\n", 4, 26, "initramfs.compression", "unknown compression 'zst' (did you mean 'zstd'?); known: none, gzip, zstd" },
        // Outputs.
        { "no outputs", Head + "outputs: []\n", 4, 10, "outputs", "at least one output is required; known outputs: pxe, iso, raw-efi, uki, qcow2, vhd, vhd-dynamic, vmdk, gcp, microvm" },
        { "duplicate output", Head + "outputs: [pxe, pxe]\n", 4, 16, "outputs[1]", "output 'pxe' is already listed as outputs[0]" },
        { "unknown output with suggestion", Head + "outputs: [pxe, raw_efi]\n", 4, 16, "outputs[1]", "unknown output 'raw_efi' (did you mean 'raw-efi'?); known outputs: pxe, iso, raw-efi, uki, qcow2, vhd, vhd-dynamic, vmdk, gcp, microvm" },
        { "unknown output", Head + "outputs:\n  - pxe\n  - floppy\n", 6, 5, "outputs[1]", "unknown output 'floppy'; known outputs: pxe, iso, raw-efi, uki, qcow2, vhd, vhd-dynamic, vmdk, gcp, microvm" },
        // Boot files and disk size.
        { "missing EFI stub", Head + "boot: {efi_stub: missing.stub}\noutputs: [uki]\n", 4, 18, "boot.efi_stub", "file 'ROOT/missing.stub' does not exist" },
        { "boot file typo", Head + "boot: {isolinx: x}\noutputs: [iso]\n", 4, 8, "boot.isolinx", "unknown key (did you mean 'isolinux'?); known keys: efi_stub, isolinux, isohybrid_mbr, ldlinux" },
        { "disk size without number", Head + "disk: {size: GiB}\noutputs: [raw-efi]\n", 4, 14, "disk.size", "'GiB' is not a size: write a positive whole number of bytes or one with a unit, e.g. 512MiB or 2G" },
        { "disk size fraction", Head + "disk: {size: 1.5G}\noutputs: [raw-efi]\n", 4, 14, "disk.size", "'1.5G' is not a size: write a positive whole number of bytes or one with a unit, e.g. 512MiB or 2G" },
        { "disk size zero", Head + "disk: {size: 0}\noutputs: [raw-efi]\n", 4, 14, "disk.size", "'0' is not a size: write a positive whole number of bytes or one with a unit, e.g. 512MiB or 2G" },
        { "disk size unknown unit", Head + "disk: {size: 2GB of disk}\noutputs: [raw-efi]\n", 4, 14, "disk.size", "'2GB of disk' is not a size: write a positive whole number of bytes or one with a unit, e.g. 512MiB or 2G" },
        { "disk size not whole MiB", Head + "disk: {size: 100000000}\noutputs: [raw-efi]\n", 4, 14, "disk.size", "100000000 bytes is not a whole number of MiB (disk images are MiB-aligned; Azure requires it)" },
        { "disk too small", Head + "disk: {size: 16M}\noutputs: [raw-efi]\n", 4, 14, "disk.size", "16MiB is too small: a disk needs at least 64MiB" },
        // Referenced files (ROOT stands for the test directory).
        { "missing kernel package", "name: n1\nkernel: {deb: missing.deb}\n", 2, 15, "kernel.deb", "file 'ROOT/missing.deb' does not exist" },
        { "kernel package is a directory", "name: n1\nkernel: {deb: kernel-dir}\n", 2, 15, "kernel.deb", "'ROOT/kernel-dir' is a directory, expected a file" },
        { "missing kernel directory", "name: n1\nkernel: {directory: ./nope}\n", 2, 21, "kernel.directory", "directory 'ROOT/nope' does not exist" },
        { "missing pki directory", "name: n1\nkernel: {deb: kernel.deb}\npki: ./no-pki\n", 3, 6, "pki", "directory 'ROOT/no-pki' does not exist; create it with `aurae-compose pki init ROOT/no-pki --node n1`" },
        { "pki is a file", "name: n1\nkernel: {deb: kernel.deb}\npki: kernel.deb\n", 3, 6, "pki", "'ROOT/kernel.deb' is a file, expected a directory" },
        { "home-relative path", "name: n1\nkernel: {deb: kernel.deb}\npki: ~/pki\n", 3, 6, "pki", "'~/pki': '~' is not expanded; use a path relative to node.yaml or an absolute path" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_file_line_column_field_and_problem(string name, string yaml, int line, int column, string? field, string problem)
    {
        _ = name;
        problem = problem.Replace("ROOT", directory.Root);

        var error = directory.LoadFails(yaml);

        var fieldPart = field is null ? "" : $"field '{field}': ";
        Assert.Equal($"{directory.NodeYaml}:{line}:{column}: {fieldPart}{problem}", error.Message);
        Assert.Equal((directory.NodeYaml, line, column, field, problem), (error.FilePath, error.Line, error.Column, error.Field, error.Problem));
    }
}
