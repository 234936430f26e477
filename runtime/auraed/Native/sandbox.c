/*
 * The child side of an isolated spawn (see spawn.c for the parent side and sandbox.h for the
 * request). The order follows runc's and crun's libcontainer: ids, then mounts in a private
 * mount namespace, then the root, then hostname; the workload itself then drops capabilities,
 * switches credentials, sets no_new_privs and installs seccomp last, right before execve.
 *
 * Like spawn.c's child this is a copy of one thread of a multi-threaded process: only
 * async-signal-safe calls (raw syscalls, no malloc, no stdio). Paths are built on the stack.
 *
 * The process cloned here is pid 1 of the new pid namespace. It stays a small init: it forks
 * the workload (pid 2), forwards the signals the daemon sends it to the workload's process
 * group, reaps orphans, and when the workload ends writes its wait status to status_fd and
 * exits, which makes the kernel kill whatever else is left in the namespace. A workload as
 * pid 1 would instead ignore SIGTERM unless it installs a handler, and leave zombies.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

#define PATH_CAPACITY 4096

/* OCI runtime-spec's default masks (config-linux.md "maskedPaths"/"readonlyPaths", as runc,
   crun and Docker apply them). Files are covered with /dev/null, directories with an empty
   read-only tmpfs; a path the kernel does not have is skipped. */
static const char *const masked_paths[] = {
    "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys",
    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
    "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap", "/sys/kernel/debug",
    "/sys/kernel/security",
};
static const char *const read_only_paths[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};
/* The devices a workload gets, bound from the node's /dev (mknod is not allowed in a user
   namespace, and binding keeps the node's device numbers). */
static const char *const devices[] = { "null", "zero", "full", "random", "urandom", "tty" };

static int join(char *out, const char *root, const char *path)
{
    size_t root_length = strlen(root), path_length = strlen(path);
    if (root_length + path_length + 1 > PATH_CAPACITY) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(out, root, root_length);
    memcpy(out + root_length, path, path_length + 1);
    return 0;
}

/* mkdir -p for a path inside the fresh root (nothing there is a symlink we did not make). */
static int make_directories(const char *path, mode_t mode)
{
    char partial[PATH_CAPACITY];
    size_t length = strlen(path);
    if (length >= PATH_CAPACITY) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(partial, path, length + 1);
    for (size_t i = 1; i <= length; i++) {
        if (partial[i] != '/' && partial[i] != '\0')
            continue;
        char saved = partial[i];
        partial[i] = '\0';
        if (mkdir(partial, mode) < 0 && errno != EEXIST)
            return -1;
        partial[i] = saved;
    }
    return 0;
}

static int make_file(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return errno == EEXIST ? 0 : -1;
    close(fd);
    return 0;
}

/* The mount flags a bind must keep when remounted: a user namespace may not clear the ones
   the node's mount has (they are locked), and read-only is added, never taken. */
static unsigned long kept_flags(const char *path)
{
    struct statvfs info;
    if (statvfs(path, &info) < 0)
        return 0;
    unsigned long flags = 0;
    if (info.f_flag & ST_NOEXEC)
        flags |= MS_NOEXEC;
    if (info.f_flag & ST_NOATIME)
        flags |= MS_NOATIME;
    if (info.f_flag & ST_NODIRATIME)
        flags |= MS_NODIRATIME;
    if (info.f_flag & ST_RELATIME)
        flags |= MS_RELATIME;
    return flags;
}

static int bind_read_only(const char *source, const char *target, int recursive)
{
    if (mount(source, target, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL) < 0)
        return -1;
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | kept_flags(target);
    return mount(NULL, target, NULL, flags, NULL);
}

/* mkdir that accepts a directory already there (an image's own /proc, /dev, /sys). */
static int make_directory(const char *path, mode_t mode)
{
    return mkdir(path, mode) < 0 && errno != EEXIST ? -1 : 0;
}

static int mount_proc(const char *root)
{
    char path[PATH_CAPACITY];
    if (join(path, root, "/proc") < 0 || make_directory(path, 0555) < 0)
        return -1;
    return mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

static int mount_dev(const char *root)
{
    char path[PATH_CAPACITY], source[64];
    if (join(path, root, "/dev") < 0 || make_directory(path, 0755) < 0)
        return -1;
    if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k,nr_inodes=64") < 0)
        return -1;
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        size_t name_length = strlen(devices[i]);
        memcpy(source, "/dev/", 5);
        memcpy(source + 5, devices[i], name_length + 1);
        if (access(source, F_OK) < 0)
            continue; /* a node without it (tty on a headless one) */
        if (join(path, root, source) < 0 || make_file(path) < 0)
            return -1;
        if (mount(source, path, NULL, MS_BIND, NULL) < 0)
            return -1;
    }
    if (join(path, root, "/dev/pts") < 0 || mkdir(path, 0755) < 0)
        return -1;
    if (mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5") < 0)
        return -1;
    if (join(path, root, "/dev/shm") < 0 || mkdir(path, 01777) < 0)
        return -1;
    if (mount("shm", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k") < 0)
        return -1;
    static const char *const links[][2] = {
        { "pts/ptmx", "/dev/ptmx" }, { "/proc/self/fd", "/dev/fd" }, { "/proc/self/fd/0", "/dev/stdin" },
        { "/proc/self/fd/1", "/dev/stdout" }, { "/proc/self/fd/2", "/dev/stderr" },
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
        if (join(path, root, links[i][1]) < 0 || symlink(links[i][0], path) < 0)
            return -1;
    /* Populated: nothing more may be created in it. */
    if (join(path, root, "/dev") < 0)
        return -1;
    return mount(NULL, path, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, NULL);
}

/* sysfs (read-only) needs a network namespace of our own: the kernel refuses it otherwise. The
   cgroup file system under it shows the cell's cgroup as its root (the cgroup namespace). */
static int mount_sys(const char *root)
{
    char path[PATH_CAPACITY];
    if (join(path, root, "/sys") < 0 || make_directory(path, 0555) < 0)
        return -1;
    if (mount("sysfs", path, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        return -1;
    if (join(path, root, "/sys/fs/cgroup") < 0)
        return -1;
    return mount("cgroup2", path, "cgroup2", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

static int mask(const char *root)
{
    char path[PATH_CAPACITY];
    struct stat info;
    for (size_t i = 0; i < sizeof masked_paths / sizeof masked_paths[0]; i++) {
        if (join(path, root, masked_paths[i]) < 0)
            return -1;
        if (lstat(path, &info) < 0) {
            if (errno == ENOENT)
                continue;
            return -1;
        }
        int covered = S_ISDIR(info.st_mode)
            ? mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,nr_inodes=1")
            : mount("/dev/null", path, NULL, MS_BIND, NULL);
        if (covered < 0)
            return -1;
    }
    for (size_t i = 0; i < sizeof read_only_paths / sizeof read_only_paths[0]; i++) {
        if (join(path, root, read_only_paths[i]) < 0)
            return -1;
        if (lstat(path, &info) < 0) {
            if (errno == ENOENT)
                continue;
            return -1;
        }
        if (bind_read_only(path, path, 1) < 0)
            return -1;
    }
    return 0;
}

/* A new network namespace has a loopback device that is down: bring it up, so the workload can
   serve on 127.0.0.1 and the daemon can forward published ports to it. */
static int loopback_up(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    memcpy(request.ifr_name, "lo", 3);
    int result = ioctl(fd, SIOCGIFFLAGS, &request);
    if (result == 0) {
        request.ifr_flags |= IFF_UP;
        result = ioctl(fd, SIOCSIFFLAGS, &request);
    }
    int saved = errno;
    close(fd);
    errno = saved;
    return result;
}

/* Builds the workload's root on sandbox->root: a small tmpfs with /proc, /dev, /tmp (and /sys
   with its own network), the artifacts bound read-only where asked, and the working directory. */
static void build_root(const struct aurae_sandbox *sandbox, const char *cwd, int report_fd)
{
    const char *root = sandbox->root;
    char path[PATH_CAPACITY];
    /* Nothing mounted from here on may reach the node's mount namespace. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        aurae_fail(report_fd, STEP_ROOT, 0);
    /* A container's root is its image under a writable layer, made by the daemon; anything else
       gets an empty tmpfs, read-only once built. */
    int rooted = sandbox->root_source
        ? mount(sandbox->root_source, root, NULL, MS_BIND | MS_REC, NULL)
        : mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m,nr_inodes=4096");
    if (rooted < 0)
        aurae_fail(report_fd, STEP_ROOT, 0);
    if (mount_proc(root) < 0)
        aurae_fail(report_fd, STEP_PROC, 0);
    if (mount_dev(root) < 0)
        aurae_fail(report_fd, STEP_DEV, 0);
    if (sandbox->new_network && mount_sys(root) < 0)
        aurae_fail(report_fd, STEP_SYS, 0);
    if (!sandbox->root_source && (join(path, root, "/tmp") < 0 || mkdir(path, 01777) < 0
        || mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") < 0))
        aurae_fail(report_fd, STEP_ROOT, 0);
    if (mask(root) < 0)
        aurae_fail(report_fd, STEP_MASK, 0);

    for (int i = 0; sandbox->bind_sources && sandbox->bind_sources[i]; i++) {
        if (join(path, root, sandbox->bind_targets[i]) < 0)
            aurae_fail(report_fd, STEP_BIND, i);
        char *slash = strrchr(path, '/');
        *slash = '\0';
        int made = make_directories(path, 0755);
        *slash = '/';
        if (made < 0 || make_file(path) < 0 || bind_read_only(sandbox->bind_sources[i], path, 0) < 0)
            aurae_fail(report_fd, STEP_BIND, i);
    }
    if (join(path, root, cwd) < 0 || make_directories(path, 0755) < 0)
        aurae_fail(report_fd, STEP_CHDIR, 0);
}

/* pivot_root where the kernel allows it. A node runs from its initramfs, whose rootfs can never
   be pivoted away from (it has no parent mount): there the root is moved over "/" and chrooted
   into, as runc's --no-pivot does. What lies beneath stays unreachable: the workload has no
   CAP_SYS_ADMIN to unmount it and seccomp refuses umount and new user namespaces. */
static void enter_root(const char *root, int writable, int report_fd)
{
    if (chdir(root) < 0)
        aurae_fail(report_fd, STEP_ENTER_ROOT, 0);
    if (syscall(SYS_pivot_root, ".", ".") == 0) {
        if (umount2(".", MNT_DETACH) < 0)
            aurae_fail(report_fd, STEP_ENTER_ROOT, 1);
    } else if (errno == EINVAL) {
        if (mount(".", "/", NULL, MS_MOVE, NULL) < 0)
            aurae_fail(report_fd, STEP_ENTER_ROOT, 2);
        if (chroot(".") < 0)
            aurae_fail(report_fd, STEP_ENTER_ROOT, 3);
    } else {
        aurae_fail(report_fd, STEP_ENTER_ROOT, 0);
    }
    if (chdir("/") < 0)
        aurae_fail(report_fd, STEP_ENTER_ROOT, 4);
    if (!writable && mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0)
        aurae_fail(report_fd, STEP_ENTER_ROOT, 5);
}

/* A container's program named without a slash: looked up in its PATH (from its environment, else
   the usual default), inside its root, as execvpe does; glibc's execvpe may allocate. Returns
   only on failure, with errno: EACCES if some candidate could not be executed, else ENOENT. */
static void exec_from_path(const struct aurae_exec *exec)
{
    const char *search = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    for (char *const *variable = exec->envp; *variable; variable++)
        if (strncmp(*variable, "PATH=", 5) == 0)
            search = *variable + 5;
    size_t name_length = strlen(exec->path);
    int denied = 0;
    for (const char *start = search;; ) {
        const char *end = strchr(start, ':');
        size_t length = end ? (size_t)(end - start) : strlen(start);
        char candidate[PATH_CAPACITY];
        if (length > 0 && length + 1 + name_length < PATH_CAPACITY) {
            memcpy(candidate, start, length);
            candidate[length] = '/';
            memcpy(candidate + length + 1, exec->path, name_length + 1);
            execve(candidate, exec->argv, exec->envp);
            if (errno == EACCES)
                denied = 1;
        }
        if (!end)
            break;
        start = end + 1;
    }
    errno = denied ? EACCES : ENOENT;
}

/* The workload's own steps, in pid 2: capabilities, credentials, no_new_privs, seccomp, exec. */
__attribute__((noreturn)) static void become_workload(
    const struct aurae_sandbox *sandbox, const struct aurae_exec *exec, int report_fd)
{
    if (setsid() < 0)
        aurae_fail(report_fd, STEP_SESSION, 0);
    if (aurae_install_stdio(exec->stdin_fd, exec->stdout_fd, exec->stderr_fd) < 0)
        aurae_fail(report_fd, STEP_STDIO, 0);

    /* The bounding set limits what any later exec can gain, setuid binaries included. */
    for (int capability = 0; capability <= 63; capability++)
        if (!(sandbox->capabilities & (1ULL << capability))
            && prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) < 0 && errno != EINVAL)
            aurae_fail(report_fd, STEP_CAPABILITIES, capability);
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
        aurae_fail(report_fd, STEP_CAPABILITIES, 64);

    int gid = exec->gid >= 0 ? exec->gid : 0, uid = exec->uid >= 0 ? exec->uid : 0;
    if (syscall(SYS_setgroups, 0, NULL) < 0)
        aurae_fail(report_fd, STEP_GROUPS, 0);
    if (syscall(SYS_setresgid, gid, gid, gid) < 0)
        aurae_fail(report_fd, STEP_GID, 0);
    if (syscall(SYS_setresuid, uid, uid, uid) < 0)
        aurae_fail(report_fd, STEP_UID, 0);
    /* Root keeps the allowed set (exec gives root the bounding set anyway); any other uid
       lost every capability with the setresuid above. Inheritable stays empty. */
    if (uid == 0) {
        struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
        struct __user_cap_data_struct data[2];
        memset(data, 0, sizeof data);
        data[0].effective = data[0].permitted = (uint32_t)sandbox->capabilities;
        data[1].effective = data[1].permitted = (uint32_t)(sandbox->capabilities >> 32);
        if (syscall(SYS_capset, &header, data) < 0)
            aurae_fail(report_fd, STEP_CAPABILITIES, 65);
    }
    if (chdir(exec->cwd) < 0)
        aurae_fail(report_fd, STEP_CHDIR, 0);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        aurae_fail(report_fd, STEP_NO_NEW_PRIVS, 0);
    if (sandbox->seccomp_length > 0) {
        struct sock_fprog program = {
            .len = (unsigned short)sandbox->seccomp_length,
            .filter = (struct sock_filter *)sandbox->seccomp_filter,
        };
        if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program, 0, 0) < 0)
            aurae_fail(report_fd, STEP_SECCOMP, 0);
    }
    uint64_t empty_mask = 0;
    if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty_mask, NULL, sizeof empty_mask) < 0)
        aurae_fail(report_fd, STEP_SIGNALS, 0);
    if (strchr(exec->path, '/') == NULL)
        exec_from_path(exec);
    else
        execve(exec->path, exec->argv, exec->envp);
    aurae_fail(report_fd, STEP_EXEC, 0);
}

/* /proc/1/cmdline is read from this process's own memory, a copy of the daemon's: overwrite the
   copy's argument area (it starts at argv[0], where glibc's program_invocation_name points), so
   the workload reads "aurae-init" and nothing of how the daemon was started. */
extern char *program_invocation_name;

static void hide_command_line(void)
{
    char buffer[4096];
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    ssize_t length = 0, got;
    while ((got = read(fd, buffer, sizeof buffer)) > 0)
        length += got;
    close(fd);
    if (length <= 0 || program_invocation_name == NULL)
        return;
    memset(program_invocation_name, 0, (size_t)length);
    static const char name[] = "aurae-init";
    memcpy(program_invocation_name, name, (size_t)length > sizeof name ? sizeof name : (size_t)length - 1);
}

/* pid 1 of the namespace once the workload runs: every signal stays blocked and is taken with
   sigwaitinfo, so none is lost to the kernel's rule that an init ignores signals it has no
   handler for. */
__attribute__((noreturn)) static void run_init(pid_t workload, int status_fd)
{
    sigset_t all;
    sigfillset(&all);
    for (;;) {
        siginfo_t info;
        int signal = sigwaitinfo(&all, &info);
        if (signal < 0)
            continue;
        if (signal != SIGCHLD) {
            kill(-workload, signal);
            continue;
        }
        int status;
        pid_t ended;
        while ((ended = waitpid(-1, &status, WNOHANG)) > 0) {
            if (ended != workload)
                continue;
            ssize_t written;
            do
                written = write(status_fd, &status, sizeof status);
            while (written < 0 && errno == EINTR);
            _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        }
    }
}

void aurae_sandbox_child(const struct aurae_sandbox *sandbox, const struct aurae_exec *exec,
                         int sync_fd, int report_fd, int status_fd)
{
    /* The parent writes uid_map and gid_map, then one byte; EOF means it gave up on us. */
    char go;
    ssize_t got;
    do
        got = read(sync_fd, &go, 1);
    while (got < 0 && errno == EINTR);
    if (got != 1)
        _exit(127);
    close(sync_fd);

    aurae_default_signal_actions();
    if (syscall(SYS_setresgid, 0, 0, 0) < 0)
        aurae_fail(report_fd, STEP_GID, 0);
    if (syscall(SYS_setresuid, 0, 0, 0) < 0)
        aurae_fail(report_fd, STEP_UID, 0);
    /* Never readable or traceable by the workload, though it runs as the same uid: this
       process is a copy of the daemon's memory. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        aurae_fail(report_fd, STEP_INIT, 0);
    /* Now inside the cell's cgroup (clone3 put it there), so that is the namespace's root. */
    if (unshare(CLONE_NEWCGROUP) < 0)
        aurae_fail(report_fd, STEP_CGROUP_NAMESPACE, 0);

    if (sandbox->new_network && loopback_up() < 0)
        aurae_fail(report_fd, STEP_LOOPBACK, 0);
    build_root(sandbox, exec->cwd, report_fd);
    if (sethostname(sandbox->hostname, strlen(sandbox->hostname)) < 0)
        aurae_fail(report_fd, STEP_HOSTNAME, 0);
    enter_root(sandbox->root, sandbox->root_source != NULL, report_fd);
    /* Its own session: the daemon signals this process, and it forwards to the workload. */
    if (setsid() < 0)
        aurae_fail(report_fd, STEP_SESSION, 0);

    pid_t workload = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
    if (workload < 0)
        aurae_fail(report_fd, STEP_INIT, 1);
    if (workload == 0)
        become_workload(sandbox, exec, report_fd);

    /* Keep nothing of the daemon's: its stdio pipes must reach EOF when the workload's close. */
    if (status_fd != 3 && (dup2(status_fd, 3) < 0 || close(status_fd) < 0))
        _exit(127);
    if (syscall(SYS_close_range, 0, 2, 0) < 0 || syscall(SYS_close_range, 4, ~0U, 0) < 0) {
        for (int fd = 0; fd < 1024; fd++)
            if (fd != 3)
                close(fd);
    }
    prctl(PR_SET_NAME, "aurae-init", 0, 0, 0);
    hide_command_line();
    run_init(workload, 3);
}
