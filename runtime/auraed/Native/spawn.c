/*
 * aurae_spawn: starts one executable for auraed.
 *
 * Why native: the child must be created directly inside its cell's cgroup (clone3 with
 * CLONE_INTO_CGROUP, so it never runs outside the cell, not even for a moment) and must
 * get its signals, session, stdio and credentials set between clone and exec, which
 * managed code cannot do safely in a multi-threaded runtime.
 *
 * The child shares the daemon's memory (CLONE_VM) and runs on stacks of its own, with its own
 * copy of the request (child_memory.h). A fork copied the daemon's page tables at every start
 * and tore the copy down again at exec: a quarter of an isolated start's CPU (issue 19). So,
 * until it execs, the child runs in memory the daemon keeps using and on the TLS of a daemon
 * thread: it makes raw system calls only (syscalls.h), never touching errno or the C
 * library's other per-thread state, and writes only to its stacks and its copies. It has its
 * own credentials, fd table, working directory and signal handlers (no CLONE_FILES, CLONE_FS
 * or CLONE_SIGHAND), so what it changes there stays in the child.
 *
 * A privileged child is cloned with CLONE_VFORK as well: the calling thread sleeps until the
 * child has exec'd or failed, which takes microseconds. An isolated one is not: the daemon
 * writes its id maps while it waits, and it then builds its root (sandbox.c) while the caller
 * goes on.
 *
 * What sharing costs: until it execs, a child's memory is the daemon's, so an out-of-memory
 * kill in its cell during that window (a millisecond, for an isolated start) may choose it,
 * and the kernel then kills every process sharing that memory: other starts in flight fail
 * (the daemon, as PID 1, is spared). The fork this replaces left a copy of the daemon behind
 * as every isolated cell's init, just as likely a victim, for the cell's whole life.
 *
 * The child is never waited for here: the daemon's ChildReaper is the only waitpid caller.
 * A child whose exec fails reports (step, errno) through a CLOEXEC socket, exits with 127,
 * and is reaped by the reaper like any other.
 */
#define _GNU_SOURCE
#include "child_memory.h"
#include "clone_on_stack.h"
#include "sandbox.h"
#include "syscalls.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* What a failing child writes on the report socket: one message. */
struct report {
    int step;
    int error;
    int detail;
};

void aurae_fail(int report_fd, int step, long result, int detail)
{
    struct report message = { step, (int)-result, detail };
    while (AURAE_SYS3(SYS_write, report_fd, &message, sizeof message) == -EINTR)
        ;
    for (;;)
        AURAE_SYS1(SYS_exit, 127);
}

/* Moves the three stdio sources above 2 first, so that installing one cannot overwrite
   another that is still to be installed (the daemon's own fds 0-2 may be any of them). */
long aurae_install_stdio(int stdin_fd, int stdout_fd, int stderr_fd)
{
    long sources[3] = { stdin_fd, stdout_fd, stderr_fd };
    if (sources[0] < 0
        && (sources[0] = aurae_open("/dev/null", O_RDONLY | O_CLOEXEC, 0)) < 0)
        return sources[0];
    for (int i = 0; i < 3; i++)
        if ((sources[i] = AURAE_SYS3(SYS_fcntl, sources[i], F_DUPFD_CLOEXEC, 3)) < 0)
            return sources[i];
    for (int i = 0; i < 3; i++) { /* dup2 clears CLOEXEC on the target */
        long result = AURAE_SYS2(SYS_dup2, sources[i], i);
        if (result < 0)
            return result;
    }
    return 0;
}

/* The runtime installs handlers and ignores SIGPIPE: a child starts from the defaults. Every
   signal is blocked meanwhile (aurae_block_signals first), so none of the daemon's handlers runs
   in the child. The kernel's struct sigaction: handler, flags, restorer, mask. */
void aurae_default_signal_actions(void)
{
    struct {
        void *handler;
        unsigned long flags;
        void *restorer;
        uint64_t mask;
    } default_action = { SIG_DFL, 0, NULL, 0 };
    for (int signal = 1; signal <= 64; signal++)
        if (signal != SIGKILL && signal != SIGSTOP)
            AURAE_SYS4(SYS_rt_sigaction, signal, &default_action, NULL, sizeof default_action.mask);
}

long aurae_block_signals(void)
{
    uint64_t full_mask = ~0ULL;
    return AURAE_SYS4(SYS_rt_sigprocmask, SIG_SETMASK, &full_mask, NULL, sizeof full_mask);
}

long aurae_unblock_signals(void)
{
    uint64_t empty_mask = 0;
    return AURAE_SYS4(SYS_rt_sigprocmask, SIG_SETMASK, &empty_mask, NULL, sizeof empty_mask);
}

__attribute__((noreturn)) static void become_executable(const struct aurae_exec *exec, int report_fd)
{
    long result;
    aurae_block_signals();
    aurae_default_signal_actions();
    /* Its own session and process group, so Stop can signal the whole group. */
    if ((result = AURAE_SYS0(SYS_setsid)) < 0)
        aurae_fail(report_fd, STEP_SESSION, result, 0);
    if ((result = aurae_install_stdio(exec->stdin_fd, exec->stdout_fd, exec->stderr_fd)) < 0)
        aurae_fail(report_fd, STEP_STDIO, result, 0);
    if (exec->gid >= 0) {
        if ((result = AURAE_SYS2(SYS_setgroups, 0, NULL)) < 0)
            aurae_fail(report_fd, STEP_GROUPS, result, 0);
        if ((result = AURAE_SYS1(SYS_setgid, exec->gid)) < 0)
            aurae_fail(report_fd, STEP_GID, result, 0);
    }
    if (exec->uid >= 0 && (result = AURAE_SYS1(SYS_setuid, exec->uid)) < 0)
        aurae_fail(report_fd, STEP_UID, result, 0);
    /* A credential change resets the dumpable flag of the memory this child shares with the
       daemon to fs.suid_dumpable: set it back (see make_daemon_undumpable). */
    if (exec->gid >= 0 || exec->uid >= 0)
        aurae_prctl(PR_SET_DUMPABLE, 0, 0);
    if ((result = aurae_chdir(exec->cwd)) < 0)
        aurae_fail(report_fd, STEP_CHDIR, result, 0);
    /* An empty mask, glibc's reserved signals included. */
    if ((result = aurae_unblock_signals()) < 0)
        aurae_fail(report_fd, STEP_SIGNALS, result, 0);
    result = AURAE_SYS3(SYS_execve, exec->path, exec->argv, exec->envp);
    aurae_fail(report_fd, STEP_EXEC, result, 0);
}

/* Each child's request is a struct aurae_isolated_child in its memory: a privileged child reads
   only exec and report_fd of it. */
static int privileged_child(void *argument)
{
    const struct aurae_isolated_child *request = argument;
    become_executable(&request->exec, request->report_fd);
}

static int isolated_child(void *argument)
{
    aurae_sandbox_child(argument);
}

static size_t request_bytes(const char *path, char *const argv[], char *const envp[], const char *cwd,
                            const struct aurae_sandbox *sandbox)
{
    size_t bytes = aurae_child_memory_bytes(sizeof(struct aurae_isolated_child))
        + aurae_child_memory_string_bytes(path) + aurae_child_memory_strings_bytes((const char *const *)argv)
        + aurae_child_memory_strings_bytes((const char *const *)envp) + aurae_child_memory_string_bytes(cwd);
    if (sandbox)
        bytes += aurae_child_memory_string_bytes(sandbox->root) + aurae_child_memory_string_bytes(sandbox->hostname)
            + aurae_child_memory_string_bytes(sandbox->root_source)
            + aurae_child_memory_strings_bytes(sandbox->bind_sources)
            + aurae_child_memory_strings_bytes(sandbox->bind_targets)
            + aurae_child_memory_bytes((size_t)sandbox->seccomp_length * sizeof(struct sock_filter));
    return bytes;
}

static struct aurae_isolated_child *copy_request(struct aurae_child_memory *memory, const struct aurae_exec *exec,
                                                 const struct aurae_sandbox *sandbox)
{
    struct aurae_isolated_child blank;
    memset(&blank, 0, sizeof blank);
    struct aurae_isolated_child *child = aurae_child_memory_copy(memory, &blank, sizeof blank);
    child->exec = *exec;
    child->exec.path = aurae_child_memory_string(memory, exec->path);
    child->exec.argv = aurae_child_memory_strings(memory, (const char *const *)exec->argv);
    child->exec.envp = aurae_child_memory_strings(memory, (const char *const *)exec->envp);
    child->exec.cwd = aurae_child_memory_string(memory, exec->cwd);
    child->workload_stack = memory->workload_stack;
    child->workload_tid = &memory->workload_tid;
    if (sandbox) {
        child->sandbox = *sandbox;
        child->sandbox.root = aurae_child_memory_string(memory, sandbox->root);
        child->sandbox.hostname = aurae_child_memory_string(memory, sandbox->hostname);
        child->sandbox.root_source = aurae_child_memory_string(memory, sandbox->root_source);
        child->sandbox.bind_sources = (const char *const *)aurae_child_memory_strings(memory, sandbox->bind_sources);
        child->sandbox.bind_targets = (const char *const *)aurae_child_memory_strings(memory, sandbox->bind_targets);
        child->sandbox.seccomp_filter = aurae_child_memory_copy(memory, sandbox->seccomp_filter,
                                                                (size_t)sandbox->seccomp_length * sizeof(struct sock_filter));
    }
    return child;
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

/* A child runs in the daemon's memory with a cell's ids once it has switched to them: that
   memory must not be readable or traceable by another process of the cell's uids, so it is not
   dumpable (ptrace and /proc/PID/mem then need CAP_SYS_PTRACE over the daemon's user namespace,
   which no cell has). Each credential change a child makes resets the flag to fs.suid_dumpable
   (commit_creds), so the children set it back right after theirs; with suid_dumpable=0, the
   default, it never leaves "not dumpable". */
static pthread_once_t daemon_undumpable = PTHREAD_ONCE_INIT;

static void make_daemon_undumpable(void)
{
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
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
 * meanwhile, and the caller need not hold its locks through that. Nothing the caller passed is
 * used after the return: the child has its own copy.
 */
int aurae_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                int cgroup_fd, int uid, int gid, int stdin_fd, int stdout_fd, int stderr_fd,
                const struct aurae_sandbox *sandbox, int *report_fd_out,
                int *status_fd_out, int *step_out, int *error_out, int *detail_out)
{
    struct aurae_exec exec = { path, argv, envp, cwd, uid, gid, stdin_fd, stdout_fd, stderr_fd };
    int report[2] = { -1, -1 }, sync[2] = { -1, -1 }, status[2] = { -1, -1 };
    int init_fd = -1;
    *status_fd_out = -1;
    *detail_out = 0;
    *step_out = STEP_CLONE;
    if (sandbox) {
        pthread_once(&daemon_undumpable, make_daemon_undumpable);
        if ((init_fd = aurae_init_image_fd(error_out)) < 0) {
            *step_out = STEP_INIT;
            *detail_out = 2;
            return -1;
        }
    }
    /* The report channel is a socket pair, not a pipe: the daemon waits on its end with .NET's
       socket engine (epoll) instead of blocking a thread-pool thread per start (issue 19). One
       message is a failure; end of file (the child's end closed by exec) is success. */
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, report) < 0
        || (sandbox && (pipe2(sync, O_CLOEXEC) < 0 || pipe2(status, O_CLOEXEC) < 0)))
        goto failed_before_clone;
    struct aurae_child_memory *memory = aurae_child_memory_take(request_bytes(path, argv, envp, cwd, sandbox));
    if (!memory)
        goto failed_before_clone;
    struct aurae_isolated_child *request = copy_request(memory, &exec, sandbox);
    request->report_fd = report[1];
    request->sync_fd = sync[0];
    request->status_fd = status[1];
    request->init_fd = init_fd;

    /* Block what can be blocked across the clone: the child must not run a daemon handler
       before it has reset the dispositions (the runtime's threads leave various signals
       unblocked). glibc keeps its own two (32, 33) open; the child blocks them first thing. */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);

    struct aurae_clone_args args;
    memset(&args, 0, sizeof args);
    args.flags = CLONE_VM | CLONE_CHILD_CLEARTID;
    args.child_tid = (uint64_t)(uintptr_t)&memory->child_tid;
    args.exit_signal = SIGCHLD;
    args.stack = (uint64_t)(uintptr_t)memory->setup_stack;
    args.stack_size = AURAE_CHILD_STACK_SIZE;
    if (cgroup_fd >= 0) {
        args.flags |= AURAE_CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t)cgroup_fd;
    }
    /* The cgroup namespace is unshared by the child once it is in the cell's cgroup. */
    if (sandbox)
        args.flags |= CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS
                      | (sandbox->new_network ? CLONE_NEWNET : 0);
    else
        args.flags |= CLONE_VFORK;
    long pid = aurae_clone_on_stack(&args, sandbox ? isolated_child : privileged_child, request);

    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(report[1]);
    if (sandbox) {
        close(sync[0]);
        close(status[1]);
    }
    if (pid < 0) {
        aurae_child_memory_abandon(memory);
        close(report[0]);
        if (sandbox) {
            close(sync[1]);
            close(status[0]);
        }
        *error_out = (int)-pid;
        return -1;
    }

    if (sandbox) {
        char go = 1;
        /* EOF instead of the byte tells the child to give up; the reaper collects it. A byte
           that cannot be written is a failed start too: the child would end without a report. */
        int mapped = write_id_map(pid, "uid_map", sandbox->id_base, sandbox->id_count) == 0
                     && write_id_map(pid, "gid_map", sandbox->id_base, sandbox->id_count) == 0
                     && write(sync[1], &go, 1) == 1;
        int map_error = errno;
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

failed_before_clone:
    *error_out = errno;
    close_pair(report);
    close_pair(sync);
    close_pair(status);
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
