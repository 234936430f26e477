/*
 * Raw Linux system calls, for code that must not touch thread-local state:
 * - a spawned child shares the daemon's memory (spawn.c, sandbox.c) and runs on the TLS of a
 *   daemon thread that may keep running, so it may not write errno, nor let glibc's
 *   cancellation bookkeeping flip bits in that thread's descriptor;
 * - the namespace's init (init.c) has no C library at all.
 * Each call returns what the kernel returns: a negative errno on failure.
 */
#ifndef AURAE_SYSCALLS_H
#define AURAE_SYSCALLS_H

#if !defined(__x86_64__)
#error "the raw system calls are written for x86-64, the daemon's only target"
#endif

#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif

static inline long aurae_syscall(long number, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
}

#define AURAE_SYS0(n) aurae_syscall((n), 0, 0, 0, 0, 0, 0)
#define AURAE_SYS1(n, a) aurae_syscall((n), (long)(a), 0, 0, 0, 0, 0)
#define AURAE_SYS2(n, a, b) aurae_syscall((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define AURAE_SYS3(n, a, b, c) aurae_syscall((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define AURAE_SYS4(n, a, b, c, d) aurae_syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define AURAE_SYS5(n, a, b, c, d, e) aurae_syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* openat and friends take this for "relative to the working directory". */
#define AURAE_AT_FDCWD (-100)

/* The calls spawn.c and sandbox.c make, named as the C library names them. */
static inline long aurae_mount(const char *source, const char *target, const char *type, unsigned long flags,
                               const void *data)
{
    return AURAE_SYS5(SYS_mount, source, target, type, flags, data);
}
static inline long aurae_open(const char *path, int flags, int mode)
{
    return AURAE_SYS4(SYS_openat, AURAE_AT_FDCWD, path, flags, mode);
}
static inline long aurae_close(int fd) { return AURAE_SYS1(SYS_close, fd); }
static inline long aurae_mkdir(const char *path, int mode) { return AURAE_SYS2(SYS_mkdir, path, mode); }
static inline long aurae_chdir(const char *path) { return AURAE_SYS1(SYS_chdir, path); }
static inline long aurae_prctl(int option, unsigned long a, unsigned long b)
{
    return AURAE_SYS5(SYS_prctl, option, a, b, 0, 0);
}


#endif
