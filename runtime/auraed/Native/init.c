/*
 * aurae-init: pid 1 of an isolated workload's pid namespace.
 *
 * It stays small on purpose: it forwards the signals the daemon sends it to the workload's
 * process group, reaps orphans, and when the workload ends writes its wait status to fd 3 and
 * exits, which makes the kernel kill whatever else is left in the namespace. A workload as
 * pid 1 would instead ignore SIGTERM unless it installs a handler, and leave zombies.
 *
 * Why a program of its own: the set-up child shares the daemon's memory (spawn.c), so it
 * cannot stay behind as this init; before, the init was a fork of the daemon, and every start
 * copied and tore down the daemon's page tables twice (issue 19). It is built freestanding
 * (no C library), embedded in the daemon (init_image.c) and exec'd from a sealed memfd.
 *
 * The workload is pid 2, the first process cloned in the fresh pid namespace (sandbox.c checks).
 * Started with every signal blocked (the set-up child blocked
 * them; pending ones survive exec), so none is lost to the kernel's rule that an init ignores
 * signals it has no handler for: each is taken with sigtimedwait.
 */
#include "syscalls.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define STATUS_FD 3
#define WORKLOAD_PID 2

__attribute__((noreturn)) static void leave(int code)
{
    for (;;)
        AURAE_SYS1(SYS_exit_group, code);
}

__attribute__((noreturn, used)) void aurae_init_main(void)
{
    /* Its name in /proc (exec from a memfd names it after the fd). */
    AURAE_SYS2(SYS_prctl, PR_SET_NAME, "aurae-init");
    /* The memfd is execute-only for the cell, so exec already made this process non-dumpable;
       say so again rather than depend on it. */
    AURAE_SYS2(SYS_prctl, PR_SET_DUMPABLE, 0);

    uint64_t all = ~0ULL;
    char info[128]; /* siginfo_t; only the signal number is used, and that is the result */
    for (;;) {
        long signal = AURAE_SYS4(SYS_rt_sigtimedwait, &all, info, 0, sizeof all);
        if (signal < 0)
            continue;
        if (signal != SIGCHLD) {
            AURAE_SYS2(SYS_kill, -WORKLOAD_PID, signal);
            continue;
        }
        int status;
        long ended;
        while ((ended = AURAE_SYS4(SYS_wait4, -1, &status, WNOHANG, 0)) > 0) {
            if (ended != WORKLOAD_PID)
                continue;
            long written;
            do
                written = AURAE_SYS3(SYS_write, STATUS_FD, &status, sizeof status);
            while (written == -4 /* EINTR */);
            leave(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        }
    }
}

/* The entry point: no arguments are read, so only the stack needs aligning for the call. */
__asm__(
    ".text\n"
    ".globl _start\n"
    "_start:\n"
    "    xorl %ebp, %ebp\n"
    "    andq $-16, %rsp\n"
    "    call aurae_init_main\n"
    "    hlt\n");
