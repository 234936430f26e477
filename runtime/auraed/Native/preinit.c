/*
 * Runs before the .NET runtime starts, only when we are init (PID 1) from an initramfs:
 * - /proc: NativeAOT's startup reads it and faults before Main without it;
 * - /dev: the runtime's secure random source is /dev/urandom, and a first failed open
 *   is remembered for the life of the process (Guid.NewGuid, TLS then fail).
 * Everything else happens in managed code.
 */
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

__attribute__((constructor)) static void aurae_mount_before_runtime(void)
{
    if (getpid() != 1)
        return;
    mkdir("/proc", 0555);
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0);
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
}
