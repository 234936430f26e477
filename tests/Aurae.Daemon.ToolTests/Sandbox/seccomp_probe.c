/*
 * Installs a seccomp program read from a file, as a workload would get it, then reports what a few
 * calls return, one line each ("what: ok", "what: errno N", "what: exit N"), and ends by executing
 * /bin/true. Built and run by SeccompKernelTests: the kernel's own verdict on the compiled program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#define X32_SYSCALL_BIT 0x40000000L
#define AF_ALG_FAMILY 38
#define AF_VSOCK_FAMILY 40

static void report(const char *what, long result)
{
    if (result < 0)
        printf("%s: errno %d\n", what, errno);
    else
        printf("%s: ok\n", what);
}

static void report_socket(const char *what, int family)
{
    int fd = socket(family, SOCK_DGRAM, 0);
    report(what, fd);
    if (fd >= 0)
        close(fd);
}

/* A child made by fork or a fork-like raw clone exits at once; the parent reports how it ended. */
static void report_child(const char *what, long pid)
{
    if (pid == 0)
        _exit(7);
    if (pid < 0) {
        report(what, pid);
        return;
    }
    int status = 0;
    if (waitpid((pid_t)pid, &status, 0) < 0)
        report(what, -1);
    else
        printf("%s: exit %d\n", what, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void *thread_main(void *arg)
{
    return arg;
}

int main(int argc, char **argv)
{
    static struct sock_filter filter[BPF_MAXINSNS];
    if (argc != 2) {
        fprintf(stderr, "usage: %s PROGRAM\n", argv[0]);
        return 2;
    }
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror(argv[1]);
        return 2;
    }
    ssize_t size = read(fd, filter, sizeof filter);
    close(fd);
    if (size <= 0 || size % (ssize_t)sizeof filter[0] != 0) {
        fprintf(stderr, "%s: %zd bytes is no sock_filter array\n", argv[1], size);
        return 2;
    }
    struct sock_fprog program = { .len = (unsigned short)(size / (ssize_t)sizeof filter[0]), .filter = filter };

    /* Without no_new_privs an unprivileged process may not install a filter. */
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        perror("PR_SET_NO_NEW_PRIVS");
        return 2;
    }
    long installed = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program);
    report("install", installed);
    if (installed != 0)
        return 2;

    /* Each of these differs without the filter: unshare succeeds, mount answers ENOENT (as root),
       the x32 and unknown numbers ENOSYS, clone3 EINVAL (NULL, size 0), personality succeeds. */
    report("unshare(CLONE_NEWUSER)", unshare(CLONE_NEWUSER));
    report("mount", mount("none", "/nonexistent-aurae-seccomp-probe", "tmpfs", 0, NULL));
    report("clone3", syscall(SYS_clone3, NULL, 0));
    report("getpid", syscall(SYS_getpid));
    report("x32 getpid", syscall(X32_SYSCALL_BIT | SYS_getpid));
    report("syscall 1000", syscall(1000));
    report_socket("socket(AF_ALG)", AF_ALG_FAMILY);
    report_socket("socket(AF_VSOCK)", AF_VSOCK_FAMILY);
    report_socket("socket(AF_INET)", AF_INET);
    report("personality(ADDR_NO_RANDOMIZE)", personality(ADDR_NO_RANDOMIZE));
    report("personality(PER_LINUX)", personality(PER_LINUX));

    fflush(stdout); /* children exit with _exit: nothing buffered is written twice */
    report_child("clone(CLONE_NEWUSER)", syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0));
    /* The kernel reads only the low 32 bits of the legacy clone's flags, so this is a plain fork. */
    report_child("clone(CLONE_NEWUSER << 32)", syscall(SYS_clone, ((unsigned long)CLONE_NEWUSER << 32) | SIGCHLD, 0, 0, 0, 0));
    report_child("fork", fork());

    /* glibc tries clone3 first and falls back to clone on ENOSYS. */
    pthread_t thread;
    int error = pthread_create(&thread, NULL, thread_main, NULL);
    if (error == 0)
        error = pthread_join(thread, NULL);
    errno = error;
    report("pthread_create", error == 0 ? 0 : -1);

    fflush(stdout);
    execl("/bin/true", "true", (char *)NULL);
    report("execve", -1);
    fflush(stdout);
    return 3;
}
