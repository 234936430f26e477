/*
 * Runs before the .NET runtime starts. NativeAOT's startup reads /proc (its own maps
 * and limits); started as PID 1 from an initramfs, /proc is not mounted yet and the
 * runtime faults before Main. So the one thing done here is mounting /proc, only when
 * we are init. Everything else happens in managed code.
 */
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

__attribute__((constructor)) static void aurae_mount_proc_before_runtime(void)
{
    if (getpid() != 1)
        return;
    mkdir("/proc", 0555);
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0);
}
