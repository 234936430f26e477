using Aurae.Daemon.Hosting;
using Aurae.Daemon.Init;
using Aurae.Daemon.Network;

namespace Aurae.Daemon.Enrollment;

/// <summary>A node's enrollment at boot, run beside the API (which serves health meanwhile).</summary>
internal static class BootEnrollment
{
    /// <summary>
    /// Once the network is up: the node's key for this boot, its CSR for the configured
    /// interface's MAC, and enrollment with serve. Never throws (the node keeps serving health).
    /// </summary>
    /// <param name="ownsHostname">Only init owns the hostname; an ordinary process leaves the machine's alone.</param>
    public static async Task RunAsync(EnrollmentParameters parameters, NodeIdentity identity, EnrollmentStatus status,
        NetworkConfigurator? configurator, bool ownsHostname, CancellationToken cancellationToken)
    {
        try
        {
            if (configurator is not null)
                await configurator.Configured.WaitAsync(cancellationToken);
            // As an ordinary process nothing was configured: the machine's first Ethernet interface.
            var name = configurator is null ? NetworkDevices.FirstEthernet() : configurator.Interface;
            if (name is null)
            {
                status.Set("no Ethernet interface configured, so no MAC to enroll with", warn: true);
                return;
            }
            string mac;
            try
            {
                mac = EnrollmentKey.FormatMac(NetworkDevices.HardwareAddress(name));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                status.Set($"cannot read the MAC of {name}: {e.Message}", warn: true);
                return;
            }
            // Not disposed: the installed certificate serves with this key for the rest of the boot.
            var key = EnrollmentKey.Create(mac);
            Action<string> setHostname = ownsHostname ? Hostname.Set : _ => { };
            await new EnrollmentClient(parameters, key, identity, status, setHostname, new EnrollmentOptions()).RunAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            status.Set($"enrollment failed: {e.Message}", warn: true);
        }
    }
}
