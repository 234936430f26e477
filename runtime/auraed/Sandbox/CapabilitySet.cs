namespace Aurae.Daemon.Sandbox;

/// <summary>
/// A set of Linux capabilities as the kernel's 64-bit mask (bit N is capability N,
/// include/uapi/linux/capability.h). Inside a cell's user namespace they only act on what that
/// namespace owns.
/// </summary>
public readonly record struct CapabilitySet(ulong Mask)
{
    public const int CAP_CHOWN = 0;
    public const int CAP_DAC_OVERRIDE = 1;
    public const int CAP_FOWNER = 3;
    public const int CAP_FSETID = 4;
    public const int CAP_KILL = 5;
    public const int CAP_SETGID = 6;
    public const int CAP_SETUID = 7;
    public const int CAP_SETPCAP = 8;
    public const int CAP_NET_BIND_SERVICE = 10;
    public const int CAP_NET_RAW = 13;
    public const int CAP_SYS_CHROOT = 18;
    public const int CAP_SYS_ADMIN = 21;
    public const int CAP_MKNOD = 27;
    public const int CAP_AUDIT_WRITE = 29;
    public const int CAP_SETFCAP = 31;

    /// <summary>
    /// The OCI runtime-spec's, runc's, crun's and Docker's default for a container: what an
    /// ordinary service needs (own files, bind low ports, switch users) and nothing that reaches
    /// the kernel (no SYS_ADMIN, SYS_MODULE, SYS_TIME, SYS_PTRACE, NET_ADMIN, SYSLOG, …).
    /// </summary>
    public static CapabilitySet OciDefault { get; } = Of(
        CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD, CAP_NET_RAW, CAP_SETGID,
        CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE);

    public static CapabilitySet Of(params int[] capabilities)
    {
        ulong mask = 0;
        foreach (var capability in capabilities)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(capability);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(capability, 63);
            mask |= 1UL << capability;
        }
        return new CapabilitySet(mask);
    }

    public bool Contains(int capability) => (Mask & (1UL << capability)) != 0;
}
