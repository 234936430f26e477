/*
 * The child side of an isolated spawn (see spawn.c for the parent side and sandbox.h for the
 * request). The order follows runc's and crun's libcontainer: ids, then mounts in a private
 * mount namespace, then the root, then hostname; the workload itself then drops capabilities,
 * switches credentials, sets no_new_privs and installs seccomp last, right before execve.
 *
 * Like spawn.c's child this runs in the daemon's memory, on a daemon thread's TLS: raw system
 * calls only (syscalls.h), each failure reported with the kernel's own error; no malloc, no
 * stdio, no errno. Paths are built on the stack.
 *
 * The process cloned here is pid 1 of the new pid namespace. It clones the workload (pid 2)
 * and then execs the namespace's init (init.c), which forwards signals, reaps, and reports the
 * workload's wait status: nothing of the daemon's memory stays behind in the cell.
 */
#define _GNU_SOURCE
#include "sandbox.h"
#include "child_memory.h"
#include "clone_on_stack.h"
#include "syscalls.h"

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
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <unistd.h>

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

/* Every function below returns 0 or a negative errno, as the kernel does. */
#define TRY(call)                    \
    do {                             \
        long tried_ = (call);        \
        if (tried_ < 0)              \
            return tried_;           \
    } while (0)

static long join(char *out, const char *root, const char *path)
{
    size_t root_length = strlen(root), path_length = strlen(path);
    if (root_length + path_length + 1 > PATH_CAPACITY)
        return -ENAMETOOLONG;
    memcpy(out, root, root_length);
    memcpy(out + root_length, path, path_length + 1);
    return 0;
}

/* mkdir that accepts a directory already there (an image's own /proc, /dev, /sys). */
static long make_directory(const char *path, int mode)
{
    long result = aurae_mkdir(path, mode);
    return result == -EEXIST ? 0 : result;
}

/* mkdir -p for a path inside the fresh root (nothing there is a symlink we did not make). */
static long make_directories(const char *path, int mode)
{
    char partial[PATH_CAPACITY];
    size_t length = strlen(path);
    if (length >= PATH_CAPACITY)
        return -ENAMETOOLONG;
    memcpy(partial, path, length + 1);
    for (size_t i = 1; i <= length; i++) {
        if (partial[i] != '/' && partial[i] != '\0')
            continue;
        char saved = partial[i];
        partial[i] = '\0';
        TRY(make_directory(partial, mode));
        partial[i] = saved;
    }
    return 0;
}

static long make_file(const char *path)
{
    long fd = aurae_open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return fd == -EEXIST ? 0 : fd;
    aurae_close((int)fd);
    return 0;
}

/* The mount flags a bind must keep when remounted: a user namespace may not clear the ones
   the node's mount has (they are locked), and read-only is added, never taken. statfs's
   f_flags are the ST_* flags statvfs reports. */
static unsigned long kept_flags(const char *path)
{
    struct statfs info;
    if (AURAE_SYS2(SYS_statfs, path, &info) < 0)
        return 0;
    unsigned long flags = 0;
    if (info.f_flags & ST_NOEXEC)
        flags |= MS_NOEXEC;
    if (info.f_flags & ST_NOATIME)
        flags |= MS_NOATIME;
    if (info.f_flags & ST_NODIRATIME)
        flags |= MS_NODIRATIME;
    if (info.f_flags & ST_RELATIME)
        flags |= MS_RELATIME;
    return flags;
}

static long bind_read_only(const char *source, const char *target, int recursive)
{
    TRY(aurae_mount(source, target, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL));
    unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | kept_flags(target);
    return aurae_mount(NULL, target, NULL, flags, NULL);
}

/* lstat's file type, or a negative errno. */
static long file_type(const char *path)
{
    struct stat info;
    long result = AURAE_SYS4(SYS_newfstatat, AURAE_AT_FDCWD, path, &info, AT_SYMLINK_NOFOLLOW);
    return result < 0 ? result : (long)(info.st_mode & S_IFMT);
}

static long mount_proc(const char *root)
{
    char path[PATH_CAPACITY];
    TRY(join(path, root, "/proc"));
    TRY(make_directory(path, 0555));
    return aurae_mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

static long mount_dev(const char *root)
{
    char path[PATH_CAPACITY], source[64];
    TRY(join(path, root, "/dev"));
    TRY(make_directory(path, 0755));
    TRY(aurae_mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k,nr_inodes=64"));
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        size_t name_length = strlen(devices[i]);
        memcpy(source, "/dev/", 5);
        memcpy(source + 5, devices[i], name_length + 1);
        if (AURAE_SYS3(SYS_faccessat, AURAE_AT_FDCWD, source, F_OK) < 0)
            continue; /* a node without it (tty on a headless one) */
        TRY(join(path, root, source));
        TRY(make_file(path));
        TRY(aurae_mount(source, path, NULL, MS_BIND, NULL));
    }
    TRY(join(path, root, "/dev/pts"));
    TRY(aurae_mkdir(path, 0755));
    TRY(aurae_mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620,gid=5"));
    TRY(join(path, root, "/dev/shm"));
    TRY(aurae_mkdir(path, 01777));
    TRY(aurae_mount("shm", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k"));
    static const char *const links[][2] = {
        { "pts/ptmx", "/dev/ptmx" }, { "/proc/self/fd", "/dev/fd" }, { "/proc/self/fd/0", "/dev/stdin" },
        { "/proc/self/fd/1", "/dev/stdout" }, { "/proc/self/fd/2", "/dev/stderr" },
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        TRY(join(path, root, links[i][1]));
        TRY(AURAE_SYS2(SYS_symlink, links[i][0], path));
    }
    /* Populated: nothing more may be created in it. */
    TRY(join(path, root, "/dev"));
    return aurae_mount(NULL, path, NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, NULL);
}

/* sysfs (read-only) needs a network namespace of our own: the kernel refuses it otherwise. The
   cgroup file system under it shows the cell's cgroup as its root (the cgroup namespace). */
static long mount_sys(const char *root)
{
    char path[PATH_CAPACITY];
    TRY(join(path, root, "/sys"));
    TRY(make_directory(path, 0555));
    TRY(aurae_mount("sysfs", path, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
    TRY(join(path, root, "/sys/fs/cgroup"));
    return aurae_mount("cgroup2", path, "cgroup2", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

static long mask(const char *root)
{
    char path[PATH_CAPACITY];
    for (size_t i = 0; i < sizeof masked_paths / sizeof masked_paths[0]; i++) {
        TRY(join(path, root, masked_paths[i]));
        long type = file_type(path);
        if (type == -ENOENT)
            continue;
        TRY(type);
        TRY(type == S_IFDIR
            ? aurae_mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,nr_inodes=1")
            : aurae_mount("/dev/null", path, NULL, MS_BIND, NULL));
    }
    for (size_t i = 0; i < sizeof read_only_paths / sizeof read_only_paths[0]; i++) {
        TRY(join(path, root, read_only_paths[i]));
        long type = file_type(path);
        if (type == -ENOENT)
            continue;
        TRY(type);
        TRY(bind_read_only(path, path, 1));
    }
    return 0;
}

/* A new network namespace has a loopback device that is down: bring it up, so the workload can
   serve on 127.0.0.1 and the daemon can forward published ports to it. */
static long loopback_up(void)
{
    long fd = AURAE_SYS3(SYS_socket, AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    TRY(fd);
    struct ifreq request;
    memset(&request, 0, sizeof request);
    memcpy(request.ifr_name, "lo", 3);
    long result = AURAE_SYS3(SYS_ioctl, fd, SIOCGIFFLAGS, &request);
    if (result == 0) {
        request.ifr_flags |= IFF_UP;
        result = AURAE_SYS3(SYS_ioctl, fd, SIOCSIFFLAGS, &request);
    }
    aurae_close((int)fd);
    return result;
}

/* Builds the workload's root on sandbox->root: a small tmpfs with /proc, /dev, /tmp (and /sys
   with its own network), the artifacts bound read-only where asked, and the working directory. */
static void build_root(const struct aurae_sandbox *sandbox, const char *cwd, int report_fd)
{
    const char *root = sandbox->root;
    char path[PATH_CAPACITY];
    long result;
    /* Nothing mounted from here on may reach the node's mount namespace. */
    if ((result = aurae_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) < 0)
        aurae_fail(report_fd, STEP_ROOT, result, 0);
    /* A container's root is its image under a writable layer, made by the daemon; anything else
       gets an empty tmpfs, read-only once built. */
    result = sandbox->root_source
        ? aurae_mount(sandbox->root_source, root, NULL, MS_BIND | MS_REC, NULL)
        : aurae_mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m,nr_inodes=4096");
    if (result < 0)
        aurae_fail(report_fd, STEP_ROOT, result, 0);
    if ((result = mount_proc(root)) < 0)
        aurae_fail(report_fd, STEP_PROC, result, 0);
    if ((result = mount_dev(root)) < 0)
        aurae_fail(report_fd, STEP_DEV, result, 0);
    if (sandbox->new_network && (result = mount_sys(root)) < 0)
        aurae_fail(report_fd, STEP_SYS, result, 0);
    if (!sandbox->root_source
        && ((result = join(path, root, "/tmp")) < 0 || (result = aurae_mkdir(path, 01777)) < 0
            || (result = aurae_mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777")) < 0))
        aurae_fail(report_fd, STEP_ROOT, result, 0);
    if ((result = mask(root)) < 0)
        aurae_fail(report_fd, STEP_MASK, result, 0);

    for (int i = 0; sandbox->bind_sources && sandbox->bind_sources[i]; i++) {
        if ((result = join(path, root, sandbox->bind_targets[i])) < 0)
            aurae_fail(report_fd, STEP_BIND, result, i);
        char *slash = strrchr(path, '/');
        *slash = '\0';
        result = make_directories(path, 0755);
        *slash = '/';
        if (result < 0 || (result = make_file(path)) < 0
            || (result = bind_read_only(sandbox->bind_sources[i], path, 0)) < 0)
            aurae_fail(report_fd, STEP_BIND, result, i);
    }
    if ((result = join(path, root, cwd)) < 0 || (result = make_directories(path, 0755)) < 0)
        aurae_fail(report_fd, STEP_CHDIR, result, 0);
}

/* pivot_root where the kernel allows it. A node runs from its initramfs, whose rootfs can never
   be pivoted away from (it has no parent mount): there the root is moved over "/" and chrooted
   into, as runc's --no-pivot does. What lies beneath stays unreachable: the workload has no
   CAP_SYS_ADMIN to unmount it and seccomp refuses umount and new user namespaces. */
static void enter_root(const char *root, int writable, int report_fd)
{
    long result;
    if ((result = aurae_chdir(root)) < 0)
        aurae_fail(report_fd, STEP_ENTER_ROOT, result, 0);
    if ((result = AURAE_SYS2(SYS_pivot_root, ".", ".")) == 0) {
        if ((result = AURAE_SYS2(SYS_umount2, ".", MNT_DETACH)) < 0)
            aurae_fail(report_fd, STEP_ENTER_ROOT, result, 1);
    } else if (result == -EINVAL) {
        if ((result = aurae_mount(".", "/", NULL, MS_MOVE, NULL)) < 0)
            aurae_fail(report_fd, STEP_ENTER_ROOT, result, 2);
        if ((result = AURAE_SYS1(SYS_chroot, ".")) < 0)
            aurae_fail(report_fd, STEP_ENTER_ROOT, result, 3);
    } else {
        aurae_fail(report_fd, STEP_ENTER_ROOT, result, 0);
    }
    if ((result = aurae_chdir("/")) < 0)
        aurae_fail(report_fd, STEP_ENTER_ROOT, result, 4);
    if (!writable
        && (result = aurae_mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL)) < 0)
        aurae_fail(report_fd, STEP_ENTER_ROOT, result, 5);
}

/* A container's program named without a slash: looked up in its PATH (from its environment, else
   the usual default), inside its root, as execvpe does; glibc's execvpe may allocate. Returns
   only on failure: -EACCES if some candidate could not be executed, else -ENOENT. */
static long exec_from_path(const struct aurae_exec *exec)
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
            if (AURAE_SYS3(SYS_execve, candidate, exec->argv, exec->envp) == -EACCES)
                denied = 1;
        }
        if (!end)
            break;
        start = end + 1;
    }
    return denied ? -EACCES : -ENOENT;
}

/* The workload's own steps, in pid 2: capabilities, credentials, no_new_privs, then it waits
   until the set-up child has become the init (end of file on go_fd), then seccomp and exec.
   Waiting keeps the workload from ever seeing pid 1 as the set-up child, whose memory (its
   command line in /proc/1/cmdline, readable without ptrace rights) is the daemon's. */
__attribute__((noreturn)) static void become_workload(const struct aurae_isolated_child *child, int go_fd)
{
    const struct aurae_sandbox *sandbox = &child->sandbox;
    const struct aurae_exec *exec = &child->exec;
    int report_fd = child->report_fd;
    long result;
    if ((result = AURAE_SYS0(SYS_setsid)) < 0)
        aurae_fail(report_fd, STEP_SESSION, result, 0);
    if ((result = aurae_install_stdio(exec->stdin_fd, exec->stdout_fd, exec->stderr_fd)) < 0)
        aurae_fail(report_fd, STEP_STDIO, result, 0);

    /* The bounding set limits what any later exec can gain, setuid binaries included. */
    for (int capability = 0; capability <= 63; capability++)
        if (!(sandbox->capabilities & (1ULL << capability))
            && (result = aurae_prctl(PR_CAPBSET_DROP, (unsigned long)capability, 0)) < 0 && result != -EINVAL)
            aurae_fail(report_fd, STEP_CAPABILITIES, result, capability);
    if ((result = aurae_prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0)) < 0)
        aurae_fail(report_fd, STEP_CAPABILITIES, result, 64);

    int gid = exec->gid >= 0 ? exec->gid : 0, uid = exec->uid >= 0 ? exec->uid : 0;
    if ((result = AURAE_SYS2(SYS_setgroups, 0, NULL)) < 0)
        aurae_fail(report_fd, STEP_GROUPS, result, 0);
    if ((result = AURAE_SYS3(SYS_setresgid, gid, gid, gid)) < 0)
        aurae_fail(report_fd, STEP_GID, result, 0);
    if ((result = AURAE_SYS3(SYS_setresuid, uid, uid, uid)) < 0)
        aurae_fail(report_fd, STEP_UID, result, 0);
    /* The credential change reset the shared memory's dumpable flag (see spawn.c). */
    aurae_prctl(PR_SET_DUMPABLE, 0, 0);
    /* Root keeps the allowed set (exec gives root the bounding set anyway); any other uid
       lost every capability with the setresuid above. Inheritable stays empty. */
    if (uid == 0) {
        struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
        struct __user_cap_data_struct data[2];
        memset(data, 0, sizeof data);
        data[0].effective = data[0].permitted = (uint32_t)sandbox->capabilities;
        data[1].effective = data[1].permitted = (uint32_t)(sandbox->capabilities >> 32);
        if ((result = AURAE_SYS2(SYS_capset, &header, data)) < 0)
            aurae_fail(report_fd, STEP_CAPABILITIES, result, 65);
    }
    if ((result = aurae_chdir(exec->cwd)) < 0)
        aurae_fail(report_fd, STEP_CHDIR, result, 0);
    if ((result = aurae_prctl(PR_SET_NO_NEW_PRIVS, 1, 0)) < 0)
        aurae_fail(report_fd, STEP_NO_NEW_PRIVS, result, 0);

    char ignored;
    while ((result = AURAE_SYS3(SYS_read, go_fd, &ignored, 1)) == -EINTR)
        ;
    if (result != 0)
        aurae_fail(report_fd, STEP_INIT, result < 0 ? result : -EPROTO, 6);

    if (sandbox->seccomp_length > 0) {
        struct sock_fprog program = {
            .len = (unsigned short)sandbox->seccomp_length,
            .filter = (struct sock_filter *)sandbox->seccomp_filter,
        };
        if ((result = aurae_prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, (unsigned long)&program)) < 0)
            aurae_fail(report_fd, STEP_SECCOMP, result, 0);
    }
    if ((result = aurae_unblock_signals()) < 0)
        aurae_fail(report_fd, STEP_SIGNALS, result, 0);
    if (strchr(exec->path, '/') == NULL)
        result = exec_from_path(exec);
    else
        result = AURAE_SYS3(SYS_execve, exec->path, exec->argv, exec->envp);
    aurae_fail(report_fd, STEP_EXEC, result, 0);
}

/* The workload's ends of the go pipe, passed on its clone. */
struct workload_start {
    const struct aurae_isolated_child *child;
    int go_read_fd;
    int go_write_fd;
};

static int workload_child(void *argument)
{
    const struct workload_start *start = argument;
    int go_read_fd = start->go_read_fd;
    /* Only the set-up child's copy of the write end may remain, so its exec is the end of file. */
    aurae_close(start->go_write_fd);
    become_workload(start->child, go_read_fd);
}

/* Where the init finds what it needs (init.c): the status pipe as fd 3. The image is exec'd
   from fd 4; the report socket is kept as fd 5, so a failed exec of the init is still reported;
   the go pipe's write end as fd 6, so the workload's wait ends when this exec closes it (all
   three CLOEXEC). Everything else of the daemon's is closed, so the workload's stdio pipes reach
   end of file when the workload closes them. */
#define INIT_STATUS_FD 3
#define INIT_IMAGE_FD 4
#define INIT_REPORT_FD 5
#define INIT_GO_FD 6

__attribute__((noreturn)) static void become_init(int status_fd, int init_fd, int report_fd, int go_fd)
{
    long status = AURAE_SYS3(SYS_fcntl, status_fd, F_DUPFD_CLOEXEC, INIT_GO_FD + 1);
    long image = AURAE_SYS3(SYS_fcntl, init_fd, F_DUPFD_CLOEXEC, INIT_GO_FD + 1);
    long report = AURAE_SYS3(SYS_fcntl, report_fd, F_DUPFD_CLOEXEC, INIT_GO_FD + 1);
    long go = AURAE_SYS3(SYS_fcntl, go_fd, F_DUPFD_CLOEXEC, INIT_GO_FD + 1);
    long result = status < 0 ? status : image < 0 ? image : report < 0 ? report : go;
    if (result < 0)
        aurae_fail(report_fd, STEP_INIT, result, 3);
    if ((result = AURAE_SYS3(SYS_dup3, report, INIT_REPORT_FD, O_CLOEXEC)) < 0)
        aurae_fail(report_fd, STEP_INIT, result, 3);
    if ((result = AURAE_SYS3(SYS_dup3, status, INIT_STATUS_FD, 0)) < 0
        || (result = AURAE_SYS3(SYS_dup3, image, INIT_IMAGE_FD, O_CLOEXEC)) < 0
        || (result = AURAE_SYS3(SYS_dup3, go, INIT_GO_FD, O_CLOEXEC)) < 0)
        aurae_fail(INIT_REPORT_FD, STEP_INIT, result, 3);
    if (AURAE_SYS3(SYS_close_range, 0, 2, 0) < 0 || AURAE_SYS3(SYS_close_range, INIT_GO_FD + 1, ~0U, 0) < 0) {
        for (int fd = 0; fd < 1024; fd++)
            if (fd < INIT_STATUS_FD || fd > INIT_GO_FD)
                aurae_close(fd);
    }
    char *const argv[] = { "aurae-init", NULL };
    char *const envp[] = { NULL };
    result = AURAE_SYS5(SYS_execveat, INIT_IMAGE_FD, "", argv, envp, AT_EMPTY_PATH);
    aurae_fail(INIT_REPORT_FD, STEP_INIT, result, 4);
}

void aurae_sandbox_child(const struct aurae_isolated_child *child)
{
    const struct aurae_sandbox *sandbox = &child->sandbox;
    int report_fd = child->report_fd;
    long result;
    /* Blocked for good: the init takes every signal with sigtimedwait (init.c). */
    aurae_block_signals();
    /* The parent writes uid_map and gid_map, then one byte; EOF means it gave up on us. */
    char go;
    long got;
    do
        got = AURAE_SYS3(SYS_read, child->sync_fd, &go, 1);
    while (got == -EINTR);
    if (got != 1)
        for (;;)
            AURAE_SYS1(SYS_exit, 127);
    aurae_close(child->sync_fd);

    aurae_default_signal_actions();
    if ((result = AURAE_SYS3(SYS_setresgid, 0, 0, 0)) < 0)
        aurae_fail(report_fd, STEP_GID, result, 0);
    if ((result = AURAE_SYS3(SYS_setresuid, 0, 0, 0)) < 0)
        aurae_fail(report_fd, STEP_UID, result, 0);
    /* The credential change reset the shared memory's dumpable flag (see spawn.c). */
    aurae_prctl(PR_SET_DUMPABLE, 0, 0);
    /* Now inside the cell's cgroup (clone3 put it there), so that is the namespace's root. */
    if ((result = AURAE_SYS1(SYS_unshare, CLONE_NEWCGROUP)) < 0)
        aurae_fail(report_fd, STEP_CGROUP_NAMESPACE, result, 0);

    if (sandbox->new_network && (result = loopback_up()) < 0)
        aurae_fail(report_fd, STEP_LOOPBACK, result, 0);
    build_root(sandbox, child->exec.cwd, report_fd);
    if ((result = AURAE_SYS2(SYS_sethostname, sandbox->hostname, strlen(sandbox->hostname))) < 0)
        aurae_fail(report_fd, STEP_HOSTNAME, result, 0);
    enter_root(sandbox->root, sandbox->root_source != NULL, report_fd);
    /* Its own session: the daemon signals this process, and it forwards to the workload. */
    if ((result = AURAE_SYS0(SYS_setsid)) < 0)
        aurae_fail(report_fd, STEP_SESSION, result, 0);

    /* The workload, pid 2, on the mapping's other stack. It is not a vfork: it runs its own
       steps meanwhile and waits on the go pipe for this process to have become the init. Its
       CLONE_CHILD_CLEARTID word keeps the mapping until it has exec'd or exited, even if this
       process is killed first. */
    int go_pipe[2];
    if ((result = AURAE_SYS2(SYS_pipe2, go_pipe, O_CLOEXEC)) < 0)
        aurae_fail(report_fd, STEP_INIT, result, 1);
    struct workload_start *start = (struct workload_start *)child->workload_stack; /* its lowest bytes */
    start->child = child;
    start->go_read_fd = go_pipe[0];
    start->go_write_fd = go_pipe[1];
    /* The kernel writes the workload's pid into the word before the workload can run, and only if
       the clone succeeds (CLONE_PARENT_SETTID), and zeroes it at its exec or exit: no window in
       which this process, killed, could leave the word set for good. */
    struct aurae_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    args.parent_tid = (uint64_t)(uintptr_t)child->workload_tid;
    args.child_tid = (uint64_t)(uintptr_t)child->workload_tid;
    args.exit_signal = SIGCHLD;
    args.stack = (uint64_t)(uintptr_t)child->workload_stack + sizeof *start;
    args.stack_size = AURAE_CHILD_STACK_SIZE - sizeof *start;
    long workload = aurae_clone_on_stack(&args, workload_child, start);
    if (workload < 0)
        aurae_fail(report_fd, STEP_INIT, workload, 1);
    /* The init signals and waits for pid 2 (init.c); a fresh pid namespace numbers from 1. */
    if (workload != 2)
        aurae_fail(report_fd, STEP_INIT, -ESRCH, 5);
    aurae_close(go_pipe[0]);
    become_init(child->status_fd, child->init_fd, report_fd, go_pipe[1]);
}
