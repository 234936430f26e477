using System.Text;
using Aurae.Contract.Enrollment;
using Aurae.Serve.Configuration;
using Aurae.Serve.Groups;

namespace Aurae.Serve.Http;

/// <summary>The iPXE scripts serve hands out.</summary>
public static class IpxeScripts
{
    /// <summary>
    /// <c>/boot.ipxe</c>, the same for every machine: it asks again with what the machine knows
    /// about itself, so the answer can depend on it (a relative URL: iPXE resolves it against this one).
    /// </summary>
    public static readonly string Chain = ChainTo("ipxe");

    /// <summary>
    /// The chain script asking <paramref name="machineScript"/> (<c>/ipxe</c> relative to the script,
    /// or a full http:// URL where the script itself came over TFTP) for this machine's script.
    /// </summary>
    public static string ChainTo(string machineScript) =>
        $"#!ipxe\nchain {machineScript}?mac=${{mac:hexhyp}}&uuid=${{uuid}}&hostname=${{hostname}}\n";

    /// <summary>
    /// One machine's script: its profile's kernel and initramfs, the profile's command line and
    /// what the node needs to enroll (<c>aurae.enroll</c>, <c>aurae.token</c>).
    /// </summary>
    public static string Boot(BootProfile profile, string mac, string enrollEndpoint, string token)
    {
        var assets = $"/assets/{profile.Name}";
        // The MAC rides along in the file URLs only so serve's log can say which machine fetched them.
        // Hyphens, not colons: iPXE (2019, as Debian ships it) will not fetch a relative URL with ':' in its query.
        var query = $"?mac={mac.Replace(':', '-')}";
        var script = new StringBuilder("#!ipxe\n");
        // initrd= names the initramfs for the EFI stub (hence --name); BIOS kernels ignore it.
        script.Append($"kernel {assets}/{BootProfile.KernelFile}{query} initrd={BootProfile.InitramfsFile} {profile.CommandLine} ");
        script.Append($"{EnrollmentProtocol.EndpointParameter}={enrollEndpoint} {EnrollmentProtocol.TokenParameter}={token}\n");
        script.Append($"initrd --name {BootProfile.InitramfsFile} {assets}/{BootProfile.InitramfsFile}{query}\n");
        script.Append("boot\n");
        return script.ToString();
    }

    /// <summary>What a machine no group selects is told (and the operator sees on its console).</summary>
    public static string NoProfile(MachineFacts machine) =>
        $"#!ipxe\necho aurae-compose serve: no group selects this machine ({machine}) and there is no default group\nsleep 10\nexit 1\n";
}
