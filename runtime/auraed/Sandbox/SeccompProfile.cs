namespace Aurae.Daemon.Sandbox;

/// <summary>
/// A seccomp profile as data: the rules, tried per call in order, and the errno every call no rule
/// answers fails with.
/// </summary>
internal sealed class SeccompProfile
{
    private const int EPERM = 1;
    private const int ENOSYS = 38;

    public SeccompProfile(int defaultErrno, IReadOnlyList<SeccompRule> rules)
    {
        DefaultAction = SeccompAction.Fail(defaultErrno);
        Rules = rules;
    }

    /// <summary>What a call no rule matches gets.</summary>
    public SeccompAction DefaultAction { get; }

    public IReadOnlyList<SeccompRule> Rules { get; }

    /// <summary>The calls allowed whatever their arguments.</summary>
    public IEnumerable<string> UnconditionallyAllowed =>
        Rules.Where(rule => rule.IsUnconditional && rule.Action.Allows).SelectMany(rule => rule.Names).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Docker's default profile, evaluated as Docker does for an amd64 container holding exactly
    /// Docker's default capabilities (CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID,
    /// SETUID, SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE) on a kernel meeting
    /// every minKernel (the node runs 6.1): entries gated on another capability or another
    /// architecture are left out, and names x86_64 lacks are dropped (libseccomp ignores them too).
    /// <para>
    /// Read from moby/moby at b985e2313a8676e18072b442911fc8f64f17d440 (docker-v29.7.2-150, 2026-08-23),
    /// which vendors github.com/moby/profiles/seccomp v0.2.3: default.json and default_linux.go there.
    /// </para>
    /// <para>
    /// Dropped from moby's first list as absent from the x86_64 table (SyscallTable, Linux 6.1):
    /// 32-bit-only calls (chown32, fcntl64, _llseek, mmap2, socketcall, ipc, recv, send, sigreturn,
    /// waitpid, the *_time64 family, …) and calls newer than 6.1 (cachestat, fchmodat2,
    /// map_shadow_stack, futex_wake, futex_wait, futex_requeue, statmount, listmount, mseal,
    /// setxattrat, getxattrat, listxattrat, removexattrat, uretprobe). Those newer ones are answered
    /// ENOSYS, as a 6.1 kernel answers them, so libc falls back to the older call (see SeccompFilter).
    /// </para>
    /// </summary>
    public static SeccompProfile Default { get; } = new(EPERM,
    [
        // Ordinary process, file, memory, IPC, signal and network calls: they act only on what the
        // container already holds, or the kernel checks capabilities itself (adjtimex, clock_adjtime).
        new([
            "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "capget", "capset", "chdir",
            "chmod", "chown", "clock_adjtime", "clock_getres", "clock_gettime", "clock_nanosleep", "close",
            "close_range", "connect", "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create",
            "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
            "epoll_wait_old", "eventfd", "eventfd2", "execve", "execveat", "exit", "exit_group", "faccessat",
            "faccessat2", "fadvise64", "fallocate", "fanotify_mark", "fchdir", "fchmod", "fchmodat", "fchown",
            "fchownat", "fcntl", "fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr",
            "fsetxattr", "fstat", "fstatfs", "fsync", "ftruncate", "futex", "futex_waitv", "futimesat", "getcpu",
            "getcwd", "getdents", "getdents64", "getegid", "geteuid", "getgid", "getgroups", "getitimer",
            "getpeername", "getpgid", "getpgrp", "getpid", "getppid", "getpriority", "getrandom", "getresgid",
            "getresuid", "getrlimit", "get_robust_list", "getrusage", "getsid", "getsockname", "getsockopt",
            "get_thread_area", "gettid", "gettimeofday", "getuid", "getxattr", "inotify_add_watch", "inotify_init",
            "inotify_init1", "inotify_rm_watch", "io_cancel", "ioctl", "io_destroy", "io_getevents",
            "io_pgetevents", "ioprio_get", "ioprio_set", "io_setup", "io_submit", "kill", "landlock_add_rule",
            "landlock_create_ruleset", "landlock_restrict_self", "lchown", "lgetxattr", "link", "linkat", "listen",
            "listxattr", "llistxattr", "lremovexattr", "lseek", "lsetxattr", "lstat", "madvise", "membarrier",
            "memfd_create", "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod", "mknodat", "mlock", "mlock2",
            "mlockall", "mmap", "mprotect", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive",
            "mq_timedsend", "mq_unlink", "mremap", "msgctl", "msgget", "msgrcv", "msgsnd", "msync", "munlock",
            "munlockall", "munmap", "name_to_handle_at", "nanosleep", "newfstatat", "open", "openat", "openat2",
            "pause", "pidfd_open", "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc", "pkey_free",
            "pkey_mprotect", "poll", "ppoll", "prctl", "pread64", "preadv", "preadv2", "prlimit64",
            "process_mrelease", "pselect6", "pwrite64", "pwritev", "pwritev2", "read", "readahead", "readlink",
            "readlinkat", "readv", "recvfrom", "recvmmsg", "recvmsg", "remap_file_pages", "removexattr", "rename",
            "renameat", "renameat2", "restart_syscall", "rmdir", "rseq", "rt_sigaction", "rt_sigpending",
            "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait",
            "rt_tgsigqueueinfo", "sched_getaffinity", "sched_getattr", "sched_getparam", "sched_get_priority_max",
            "sched_get_priority_min", "sched_getscheduler", "sched_rr_get_interval", "sched_setaffinity",
            "sched_setattr", "sched_setparam", "sched_setscheduler", "sched_yield", "seccomp", "select", "semctl",
            "semget", "semop", "semtimedop", "sendfile", "sendmmsg", "sendmsg", "sendto", "setfsgid", "setfsuid",
            "setgid", "setgroups", "setitimer", "setpgid", "setpriority", "setregid", "setresgid", "setresuid",
            "setreuid", "setrlimit", "set_robust_list", "setsid", "setsockopt", "set_thread_area",
            "set_tid_address", "setuid", "setxattr", "shmat", "shmctl", "shmdt", "shmget", "shutdown",
            "sigaltstack", "signalfd", "signalfd4", "socketpair", "splice", "stat", "statfs", "statx", "symlink",
            "symlinkat", "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create",
            "timer_delete", "timer_getoverrun", "timer_gettime", "timer_settime", "timerfd_create",
            "timerfd_gettime", "timerfd_settime", "times", "tkill", "truncate", "umask", "uname", "unlink",
            "unlinkat", "utime", "utimensat", "utimes", "vfork", "vmsplice", "wait4", "waitid", "write", "writev",
        ], SeccompAction.Allow),

        // minKernel 4.8: from then on a tracer cannot use ptrace to slip a call past seccomp.
        new(["process_vm_readv", "process_vm_writev", "ptrace"], SeccompAction.Allow),

        // Every socket family but AF_ALG (38, the kernel crypto API, a steady source of kernel bugs) and
        // AF_VSOCK (40, a line to the hypervisor). The family is a C int the kernel truncates to 32 bits,
        // so only those are compared: a 64-bit "> 40" would pass AF_VSOCK with a bit set above them.
        new(["socket"], SeccompAction.Allow, ArgumentCheck.LessThan32(0, 38)),
        new(["socket"], SeccompAction.Allow, ArgumentCheck.Equal32(0, 39)),
        new(["socket"], SeccompAction.Allow, ArgumentCheck.GreaterThan32(0, 40)),

        // Only personas that keep ASLR and the rest of the hardening: PER_LINUX, PER_LINUX32, UNAME26,
        // PER_LINUX32|UNAME26, and 0xffffffff, which only asks for the current one.
        new(["personality"], SeccompAction.Allow, ArgumentCheck.Equal(0, 0x0)),
        new(["personality"], SeccompAction.Allow, ArgumentCheck.Equal(0, 0x8)),
        new(["personality"], SeccompAction.Allow, ArgumentCheck.Equal(0, 0x20000)),
        new(["personality"], SeccompAction.Allow, ArgumentCheck.Equal(0, 0x20008)),
        new(["personality"], SeccompAction.Allow, ArgumentCheck.Equal(0, 0xffffffff)),

        // x86 only: arch_prctl sets the FS/GS base libc keeps thread-local storage in.
        new(["arch_prctl"], SeccompAction.Allow),

        // x86 only: modify_ldt, for 16-bit segments (Wine, old runtimes).
        new(["modify_ldt"], SeccompAction.Allow),

        // Without CAP_SYS_ADMIN: fork and threads, but no new namespace (CLONE_NEWNS, NEWCGROUP, NEWUTS,
        // NEWIPC, NEWUSER, NEWPID, NEWNET = 0x7E020000), as a user namespace needs no capability at all.
        new(["clone"], SeccompAction.Allow, ArgumentCheck.MaskedEqual(0, mask: 0x7E020000, value: 0)),

        // Without CAP_SYS_ADMIN: clone3's flags sit behind a pointer seccomp cannot read, so it is
        // answered ENOSYS, on which libc falls back to clone and its checked flags.
        new(["clone3"], SeccompAction.Fail(ENOSYS)),

        // CAP_SYS_CHROOT is one of Docker's default capabilities.
        new(["chroot"], SeccompAction.Allow),
    ]);
}
