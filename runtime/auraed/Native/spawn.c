/*
 * aurae_spawn: starts one executable for auraed.
 *
 * Why native: the child must be created directly inside its cell's cgroup (clone3 with
 * CLONE_INTO_CGROUP, so it never runs outside the cell, not even for a moment) and must
 * get its signals, session, stdio and credentials set between clone and exec, which
 * managed code cannot do safely in a multi-threaded runtime.
 *
 * The clone has fork semantics (no CLONE_VM): the child is a copy of the calling thread
 * only, so between clone and exec it calls async-signal-safe functions only. Credentials
 * are changed with raw syscalls: glibc's setuid/setgid would try to broadcast the change
 * to the parent's other threads, which do not exist in the child.
 *
 * The child is never waited for here: the daemon's ChildReaper is the only waitpid caller.
 * A child whose exec fails reports (step, errno) through a CLOEXEC pipe, exits with 127,
 * and is reaped by the reaper like any other.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif

/* linux/sched.h, spelled out so the build does not depend on the kernel headers' age. */
#define AURAE_CLONE_INTO_CGROUP 0x200000000ULL

struct aurae_clone_args {
    uint64_t flags;
    uint64_t pidfd;
    uint64_t child_tid;
    uint64_t parent_tid;
    uint64_t exit_signal;
    uint64_t stack;
    uint64_t stack_size;
    uint64_t tls;
    uint64_t set_tid;
    uint64_t set_tid_size;
    uint64_t cgroup;
};

/* Which step failed; mirrored by SpawnStep in managed code. */
enum {
    STEP_CLONE = 1,
    STEP_SIGNALS = 2,
    STEP_SESSION = 3,
    STEP_STDIO = 4,
    STEP_GROUPS = 5,
    STEP_GID = 6,
    STEP_UID = 7,
    STEP_CHDIR = 8,
    STEP_EXEC = 9,
};

__attribute__((noreturn)) static void fail(int report_fd, int step)
{
    int message[2] = { step, errno };
    ssize_t written;
    do
        written = write(report_fd, message, sizeof message);
    while (written < 0 && errno == EINTR);
    _exit(127);
}

/* Moves the three stdio sources above 2 first, so that installing one cannot overwrite
   another that is still to be installed (the daemon's own fds 0-2 may be any of them). */
static int install_stdio(int stdin_fd, int stdout_fd, int stderr_fd)
{
    int sources[3] = { stdin_fd, stdout_fd, stderr_fd };
    if (sources[0] < 0 && (sources[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0)
        return -1;
    for (int i = 0; i < 3; i++)
        if ((sources[i] = fcntl(sources[i], F_DUPFD_CLOEXEC, 3)) < 0)
            return -1;
    for (int i = 0; i < 3; i++) /* dup2 clears CLOEXEC on the target */
        if (dup2(sources[i], i) < 0)
            return -1;
    return 0;
}

__attribute__((noreturn)) static void become_executable(
    const char *path, char *const argv[], char *const envp[], const char *cwd, int uid, int gid,
    int stdin_fd, int stdout_fd, int stderr_fd, int report_fd)
{
    /* The runtime installs handlers and ignores SIGPIPE: the executable starts from the
       defaults. Every signal is still blocked (see the parent), so none of the daemon's
       handlers can run here. EINVAL for signals glibc reserves is expected. */
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; signal++)
        if (signal != SIGKILL && signal != SIGSTOP)
            sigaction(signal, &default_action, NULL);

    /* Its own session and process group, so Stop can signal the whole group. */
    if (setsid() < 0)
        fail(report_fd, STEP_SESSION);
    if (install_stdio(stdin_fd, stdout_fd, stderr_fd) < 0)
        fail(report_fd, STEP_STDIO);
    if (gid >= 0) {
        if (syscall(SYS_setgroups, 0, NULL) < 0)
            fail(report_fd, STEP_GROUPS);
        if (syscall(SYS_setgid, gid) < 0)
            fail(report_fd, STEP_GID);
    }
    if (uid >= 0 && syscall(SYS_setuid, uid) < 0)
        fail(report_fd, STEP_UID);
    if (chdir(cwd) < 0)
        fail(report_fd, STEP_CHDIR);

    /* An empty mask, glibc's reserved signals included (the raw syscall does not filter). */
    uint64_t empty_mask = 0;
    if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty_mask, NULL, sizeof empty_mask) < 0)
        fail(report_fd, STEP_SIGNALS);
    execve(path, argv, envp);
    fail(report_fd, STEP_EXEC);
}

/*
 * Returns the child's pid, or -1 with *step_out (STEP_*) and *error_out (errno) set.
 * cgroup_fd < 0: the child stays in the daemon's cgroup. uid/gid < 0: unchanged.
 * stdin_fd < 0: /dev/null. The caller's fds should be CLOEXEC; the child gets only 0-2.
 */
int aurae_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                int cgroup_fd, int uid, int gid, int stdin_fd, int stdout_fd, int stderr_fd,
                int *step_out, int *error_out)
{
    int report[2];
    if (pipe2(report, O_CLOEXEC) < 0) {
        *step_out = STEP_CLONE;
        *error_out = errno;
        return -1;
    }

    /* Block everything across the clone: the child must not run a daemon handler before it
       has reset the dispositions (the runtime's threads leave various signals unblocked). */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);

    struct aurae_clone_args args;
    memset(&args, 0, sizeof args);
    args.exit_signal = SIGCHLD;
    if (cgroup_fd >= 0) {
        args.flags |= AURAE_CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t)cgroup_fd;
    }
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0)
        become_executable(path, argv, envp, cwd, uid, gid, stdin_fd, stdout_fd, stderr_fd, report[1]);
    int clone_error = errno;

    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(report[1]);
    if (pid < 0) {
        close(report[0]);
        *step_out = STEP_CLONE;
        *error_out = clone_error;
        return -1;
    }

    /* EOF: the exec succeeded and closed the child's end. A message: it failed. */
    int message[2];
    ssize_t got;
    do
        got = read(report[0], message, sizeof message);
    while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == 0)
        return (int)pid;
    if (got == (ssize_t)sizeof message) {
        *step_out = message[0];
        *error_out = message[1];
    } else {
        *step_out = STEP_EXEC;
        *error_out = EIO;
    }
    return -1;
}

/*
 * SIGCHLD for the daemon's reaper. As pid 1, .NET's own SIGCHLD handler (System.Native,
 * pal_signal.c: reapAll = pid == 1 || …) waits for every child itself, so the exit statuses
 * the daemon must report would be lost. This replaces that handler with one that only writes
 * a byte to a pipe; the reaper waits on the read end and calls waitpid itself. Call it after
 * the runtime has set up its signal handling (it installs its handlers once and never again).
 * Returns the pipe's read end (blocking), or -1 with errno.
 */
static int sigchld_write_fd = -1;

static void on_sigchld(int signal)
{
    (void)signal;
    int saved = errno;
    char byte = 0;
    ssize_t ignored = write(sigchld_write_fd, &byte, 1); /* full pipe: a wake-up is pending anyway */
    (void)ignored;
    errno = saved;
}

int aurae_take_sigchld(void)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0)
        return -1;
    /* The handler must never block; the reader may. */
    if (fcntl(fds[1], F_SETFL, O_NONBLOCK) < 0)
        return -1;
    sigchld_write_fd = fds[1];
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigchld;
    action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGCHLD, &action, NULL) < 0)
        return -1;
    return fds[0];
}
