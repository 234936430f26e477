/*
 * What spawn.c and sandbox.c share: the exec request, the isolation request (mirrored by
 * Sandbox/NativeSandbox.cs in managed code; keep the two in the same order) and the steps a
 * failure is reported at (mirrored by Native/SpawnStep.cs).
 */
#ifndef AURAE_SANDBOX_H
#define AURAE_SANDBOX_H

#include <stdint.h>

/* Which step failed. */
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
    STEP_USER_MAP = 10,
    STEP_CGROUP_NAMESPACE = 11,
    STEP_ROOT = 12,
    STEP_PROC = 13,
    STEP_DEV = 14,
    STEP_BIND = 15,   /* detail: the index of the binding */
    STEP_MASK = 16,
    STEP_ENTER_ROOT = 17,
    STEP_HOSTNAME = 18,
    STEP_CAPABILITIES = 19,
    STEP_NO_NEW_PRIVS = 20,
    STEP_SECCOMP = 21,
    STEP_INIT = 22,
    STEP_SYS = 23,
    STEP_LOOPBACK = 24,
};

/* One program to exec, and where its stdio goes. */
struct aurae_exec {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *cwd;
    int uid;        /* < 0: unchanged */
    int gid;
    int stdin_fd;   /* < 0: /dev/null */
    int stdout_fd;
    int stderr_fd;
};

/*
 * A workload of its own: user, pid, mount, ipc, uts and cgroup namespaces (and network, when
 * asked), a root of its own, capabilities cut, no_new_privs, a seccomp filter, and a small
 * init as pid 1 of its pid namespace.
 */
struct aurae_sandbox {
    uint32_t id_base;                 /* the node uid and gid the cell's 0 is */
    uint32_t id_count;                /* how many ids the cell has from there */
    int32_t new_network;              /* its own network namespace: loopback only */
    int32_t reserved;
    const char *root;                 /* an empty directory to build the root on, in the new mount namespace */
    const char *hostname;
    const char *const *bind_sources;  /* node paths of files bound in read-only; NULL-terminated */
    const char *const *bind_targets;  /* where, inside the root; as many as sources */
    uint64_t capabilities;            /* the bounding, permitted and effective set of a root workload */
    const void *seccomp_filter;       /* struct sock_filter[seccomp_length] */
    uint32_t seccomp_length;
    uint32_t reserved2;
    const char *root_source;          /* NULL: a fresh tmpfs root; else a directory (a container's
                                         overlayfs) bound as the root, writable, its own /tmp kept */
};

/* What an isolated child gets (copied into its memory, see child_memory.h). */
struct aurae_isolated_child {
    struct aurae_sandbox sandbox;
    struct aurae_exec exec;
    int sync_fd;              /* the parent's byte: the id maps are written */
    int report_fd;
    int status_fd;            /* for the init: the workload's wait status */
    int init_fd;              /* the init's memfd */
    void *workload_stack;     /* AURAE_CHILD_STACK_SIZE bytes */
    int32_t *workload_tid;    /* CLONE_CHILD_CLEARTID for the workload */
};

/* spawn.c, for both children. aurae_fail reports (step, -result, detail) on report_fd and exits
   127; result is a negative errno, as the raw system calls return it. */
__attribute__((noreturn)) void aurae_fail(int report_fd, int step, long result, int detail);
long aurae_install_stdio(int stdin_fd, int stdout_fd, int stderr_fd);
void aurae_default_signal_actions(void);
long aurae_unblock_signals(void);
/* Every signal, glibc's own two included (pthread_sigmask cannot block them). */
long aurae_block_signals(void);

/* init_image.c: the memfd the namespace's init is exec'd from, or -1 with *error_out. */
int aurae_init_image_fd(int *error_out);

/* sandbox.c: the child side of an isolated spawn. Waits for sync_fd (the parent writes the
   id maps first), builds the root, clones the workload on workload_stack and becomes the
   namespace's init (exec'd from init_fd), which reports the workload's status on status_fd. */
__attribute__((noreturn)) void aurae_sandbox_child(const struct aurae_isolated_child *child);

#endif
