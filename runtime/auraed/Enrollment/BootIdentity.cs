using Aurae.Contract.Manifest;
using Aurae.Daemon.Hosting;
using Aurae.Daemon.Init;
using Aurae.Daemon.Logging;

namespace Aurae.Daemon.Enrollment;

/// <summary>
/// Who the node is at this boot: the identity the image carries, or, for an image whose nodes
/// enroll, the CA alone and what the kernel command line says about enrolling (<see cref="Parameters"/>
/// null when it says nothing usable; <see cref="Status"/> then tells why, and the API serves health only).
/// </summary>
internal sealed record BootIdentity(NodeIdentity Identity, EnrollmentStatus? Status, EnrollmentParameters? Parameters)
{
    public static BootIdentity Load(NodeManifest manifest, string pkiDirectory, KernelCommandLine commandLine)
    {
        if (manifest.Identity != NodeIdentitySource.Enroll)
            return new BootIdentity(NodeIdentity.Load(manifest.Pki, pkiDirectory), null, null);
        // The CA only: the node's own key and certificate are made at this boot (see BootEnrollment).
        var identity = NodeIdentity.LoadForEnrollment(manifest.Pki, pkiDirectory, TimeProvider.System);
        var parameters = EnrollmentParameters.Read(commandLine, out var problem);
        var status = new EnrollmentStatus(problem ?? $"enrolling with {parameters!.Peer}");
        if (problem is not null)
            ConsoleLog.Warn(EnrollmentStatus.LogSource, $"not enrolling: {problem}; serving health only");
        return new BootIdentity(identity, status, parameters);
    }
}
