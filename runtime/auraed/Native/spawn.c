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
 * A child whose exec fails reports (step, errno) through a CLOEXEC socket, exits with 127,
 * and is reaped by the reaper like any other.
 */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
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

/* What a failing child writes on the report socket: one message. */
struct report {
    int step;
    int error;
    int detail;
};

void aurae_fail(int report_fd, int step, int detail)
{
    struct report message = { step, errno, detail };
    ssize_t written;
    do
        written = write(report_fd, &message, sizeof message);
    while (written < 0 && errno == EINTR);
    _exit(127);
}

/* Moves the three stdio sources above 2 first, so that installing one cannot overwrite
   another that is still to be installed (the daemon's own fds 0-2 may be any of them). */
int aurae_install_stdio(int stdin_fd, int stdout_fd, int stderr_fd)
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

/* The runtime installs handlers and ignores SIGPIPE: a child starts from the defaults. Every
   signal is still blocked (see the parent), so none of the daemon's handlers can run in the
   child. EINVAL for signals glibc reserves is expected. */
void aurae_default_signal_actions(void)
{
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    for (int signal = 1; signal < NSIG; signal++)
        if (signal != SIGKILL && signal != SIGSTOP)
            sigaction(signal, &default_action, NULL);
}

__attribute__((noreturn)) static void become_executable(const struct aurae_exec *exec, int report_fd)
{
    aurae_default_signal_actions();
    /* Its own session and process group, so Stop can signal the whole group. */
    if (setsid() < 0)
        aurae_fail(report_fd, STEP_SESSION, 0);
    if (aurae_install_stdio(exec->stdin_fd, exec->stdout_fd, exec->stderr_fd) < 0)
        aurae_fail(report_fd, STEP_STDIO, 0);
    if (exec->gid >= 0) {
        if (syscall(SYS_setgroups, 0, NULL) < 0)
            aurae_fail(report_fd, STEP_GROUPS, 0);
        if (syscall(SYS_setgid, exec->gid) < 0)
            aurae_fail(report_fd, STEP_GID, 0);
    }
    if (exec->uid >= 0 && syscall(SYS_setuid, exec->uid) < 0)
        aurae_fail(report_fd, STEP_UID, 0);
    if (chdir(exec->cwd) < 0)
        aurae_fail(report_fd, STEP_CHDIR, 0);

    /* An empty mask, glibc's reserved signals included (the raw syscall does not filter). */
    uint64_t empty_mask = 0;
    if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty_mask, NULL, sizeof empty_mask) < 0)
        aurae_fail(report_fd, STEP_SIGNALS, 0);
    execve(exec->path, exec->argv, exec->envp);
    aurae_fail(report_fd, STEP_EXEC, 0);
}

/* "0 BASE COUNT": the cell's ids 0..COUNT-1 are the node's BASE..BASE+COUNT-1. */
static int write_id_map(long pid, const char *file, uint32_t base, uint32_t count)
{
    char path[64], line[64];
    snprintf(path, sizeof path, "/proc/%ld/%s", pid, file);
    int length = snprintf(line, sizeof line, "0 %u %u\n", base, count);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t written = write(fd, line, (size_t)length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == length ? 0 : -1;
}

static void close_pair(int pair[2])
{
    if (pair[0] >= 0)
        close(pair[0]);
    if (pair[1] >= 0)
        close(pair[1]);
}

/*
 * Returns the child's pid, or -1 with *step_out (STEP_*), *error_out (errno) and *detail_out set.
 * cgroup_fd < 0: the child stays in the daemon's cgroup. uid/gid < 0: unchanged (or the cell's
 * root, isolated). stdin_fd < 0: /dev/null. The caller's fds should be CLOEXEC; the child gets
 * only 0-2. sandbox NULL: the program runs in the node's namespaces (a privileged cell).
 * Otherwise the pid is the namespace's init, and *status_fd_out gets a pipe from which the
 * workload's wait status (an int) can be read once that init has ended.
 * Returns as soon as the child exists, with *report_fd_out: the socket on which the child reports
 * a failed set-up step or exec (one struct report), or closes by exec (end of file) once its
 * program runs. The daemon reads it (Executables/ExecReport.cs); an isolated child builds its root
 * meanwhile, and the caller need not hold its locks through that.
 */
int aurae_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                int cgroup_fd, int uid, int gid, int stdin_fd, int stdout_fd, int stderr_fd,
                const struct aurae_sandbox *sandbox, int *report_fd_out,
                int *status_fd_out, int *step_out, int *error_out, int *detail_out)
{
    struct aurae_exec exec = { path, argv, envp, cwd, uid, gid, stdin_fd, stdout_fd, stderr_fd };
    int report[2] = { -1, -1 }, sync[2] = { -1, -1 }, status[2] = { -1, -1 };
    *status_fd_out = -1;
    *detail_out = 0;
    /* The report channel is a socket pair, not a pipe: the daemon waits on its end with .NET's
       socket engine (epoll) instead of blocking a thread-pool thread per start (issue 19). One
       message is a failure; end of file (the child's end closed by exec) is success. */
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, report) < 0
        || (sandbox && (pipe2(sync, O_CLOEXEC) < 0 || pipe2(status, O_CLOEXEC) < 0))) {
        *step_out = STEP_CLONE;
        *error_out = errno;
        close_pair(report);
        close_pair(sync);
        close_pair(status);
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
    /* The cgroup namespace is unshared by the child once it is in the cell's cgroup. */
    if (sandbox)
        args.flags |= CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS
                      | (sandbox->new_network ? CLONE_NEWNET : 0);
    long pid = syscall(SYS_clone3, &args, sizeof args);
    if (pid == 0) {
        if (!sandbox)
            become_executable(&exec, report[1]);
        aurae_sandbox_child(sandbox, &exec, sync[0], report[1], status[1]);
    }
    int clone_error = errno;

    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(report[1]);
    if (sandbox) {
        close(sync[0]);
        close(status[1]);
    }
    if (pid < 0) {
        close(report[0]);
        if (sandbox) {
            close(sync[1]);
            close(status[0]);
        }
        *step_out = STEP_CLONE;
        *error_out = clone_error;
        return -1;
    }

    if (sandbox) {
        int mapped = write_id_map(pid, "uid_map", sandbox->id_base, sandbox->id_count) == 0
                     && write_id_map(pid, "gid_map", sandbox->id_base, sandbox->id_count) == 0;
        int map_error = errno;
        char go = 1;
        /* EOF instead of the byte tells the child to give up; the reaper collects it. */
        if (mapped)
            (void)!write(sync[1], &go, 1);
        close(sync[1]);
        if (!mapped) {
            close(report[0]);
            close(status[0]);
            *step_out = STEP_USER_MAP;
            *error_out = map_error;
            return -1;
        }
    }

    *report_fd_out = report[0];
    if (sandbox)
        *status_fd_out = status[0];
    return (int)pid;
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
