/*
 * The namespace init (init.c), built at the daemon's build and carried inside it: the daemon
 * stays one static binary. The first isolated spawn writes it to a memfd that the set-up
 * child execs (execveat, AT_EMPTY_PATH) from inside the workload's root.
 *
 * AURAE_INIT_PATH names the built init (the project file passes it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef AURAE_INIT_PATH
#error "AURAE_INIT_PATH must name the built init (see auraed.csproj)"
#endif

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U /* Linux 6.3; older kernels refuse it with EINVAL */
#endif

__asm__(
    ".section .rodata\n"
    ".balign 16\n"
    "aurae_init_image_start:\n"
    ".incbin \"" AURAE_INIT_PATH "\"\n"
    "aurae_init_image_end:\n"
    ".text\n");

extern const unsigned char aurae_init_image_start[] __asm__("aurae_init_image_start");
extern const unsigned char aurae_init_image_end[] __asm__("aurae_init_image_end");

static pthread_mutex_t image_lock = PTHREAD_MUTEX_INITIALIZER;
static int image_fd = -1;

static int write_all(int fd, const unsigned char *bytes, size_t length)
{
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return -1;
        bytes += written;
        length -= (size_t)written;
    }
    return 0;
}

/* The sealed memfd, or -1 with errno. With vm.memfd_noexec=2 the kernel refuses any executable
   memfd (EACCES): isolation then cannot start, and the error says so (Executables/SpawnFailure). */
static int create(void)
{
    int fd = memfd_create("aurae-init", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (fd < 0 && errno == EINVAL)
        fd = memfd_create("aurae-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    /* Execute-only for the cell (the node's root, its owner, is not mapped into a cell's user
       namespace, so "other" applies): an unreadable file makes exec leave the init
       non-dumpable, so no workload can ever trace it. Sealed: nothing can change it after. */
    if (fd < 0
        || write_all(fd, aurae_init_image_start, (size_t)(aurae_init_image_end - aurae_init_image_start)) < 0
        || fchmod(fd, 0111) < 0
        || fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0) {
        int saved = errno;
        if (fd >= 0)
            close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* The memfd holding the init (CLOEXEC), or -1 with *error_out. Made once and kept open; a failure
   (no fds left, say) is not kept: the next isolated start tries again. */
int aurae_init_image_fd(int *error_out)
{
    pthread_mutex_lock(&image_lock);
    if (image_fd < 0 && (image_fd = create()) < 0)
        *error_out = errno;
    int fd = image_fd;
    pthread_mutex_unlock(&image_lock);
    return fd;
}
