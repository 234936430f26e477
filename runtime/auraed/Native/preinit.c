/*
 * Runs before the .NET runtime starts, only when we are init (PID 1) from an initramfs:
 * - the root moves from the initramfs into a tmpfs of its own, as switch_root(8) does:
 *   pivot_root(2) refuses a root on rootfs, and the roots of isolated cells are pivoted into
 *   (the way out of a chroot would lead back to rootfs, which holds the node's keys);
 * - /proc: NativeAOT's startup reads it and faults before Main without it;
 * - /dev: the runtime's secure random source is /dev/urandom, and a first failed open
 *   is remembered for the life of the process (Guid.NewGuid, TLS then fail).
 * Everything else happens in managed code. Nothing here may stop the boot: a root that cannot
 * move stays where it is, and says so on the console.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define NEW_ROOT_NAME ".aurae-root"
#define NEW_ROOT "/" NEW_ROOT_NAME

/* Copies the tree at source (a directory fd's entry) to target, keeping types, modes, owners,
   times and device numbers; 0, or -1 with errno. Mount points are not crossed (there are none
   yet: this runs before /proc and /dev are mounted). */
static int copy_tree(int source_dir, const char *name, int target_dir)
{
    struct stat status;
    if (fstatat(source_dir, name, &status, AT_SYMLINK_NOFOLLOW) < 0)
        return -1;
    int result = 0;
    switch (status.st_mode & S_IFMT) {
    case S_IFDIR: {
        if (mkdirat(target_dir, name, status.st_mode & 07777) < 0 && errno != EEXIST)
            return -1;
        int from = openat(source_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int to = openat(target_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        DIR *entries = from < 0 ? NULL : fdopendir(from);
        if (entries == NULL || to < 0) {
            result = -1;
        } else {
            struct dirent *entry;
            while (result == 0 && (entry = readdir(entries)) != NULL)
                if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
                    result = copy_tree(from, entry->d_name, to);
        }
        if (entries != NULL)
            closedir(entries); /* closes from */
        else if (from >= 0)
            close(from);
        if (to >= 0)
            close(to);
        break;
    }
    case S_IFREG: {
        /* read and write: copy_file_range refuses to cross from ramfs (EXDEV since 5.19). */
        int from = openat(source_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        int to = openat(target_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, status.st_mode & 07777);
        char buffer[65536];
        ssize_t got = 0;
        while (from >= 0 && to >= 0 && (got = read(from, buffer, sizeof buffer)) > 0) {
            for (ssize_t written = 0, put; written < got; written += put)
                if ((put = write(to, buffer + written, (size_t)(got - written))) < 0) {
                    got = -1;
                    break;
                }
            if (got < 0)
                break;
        }
        if (from < 0 || to < 0 || got < 0)
            result = -1;
        if (from >= 0)
            close(from);
        if (to >= 0)
            close(to);
        break;
    }
    case S_IFLNK: {
        char link[4096];
        ssize_t length = readlinkat(source_dir, name, link, sizeof link - 1);
        if (length < 0)
            return -1;
        link[length] = 0;
        result = symlinkat(link, target_dir, name);
        break;
    }
    default: /* device nodes (dev/console), fifos, sockets */
        result = mknodat(target_dir, name, status.st_mode, status.st_rdev);
        break;
    }
    if (result < 0)
        return -1;
    /* Owner before mode: chown clears setuid and setgid. Times last. */
    fchownat(target_dir, name, status.st_uid, status.st_gid, AT_SYMLINK_NOFOLLOW);
    if (!S_ISLNK(status.st_mode))
        fchmodat(target_dir, name, status.st_mode & 07777, 0);
    struct timespec times[2] = { status.st_atim, status.st_mtim };
    utimensat(target_dir, name, times, AT_SYMLINK_NOFOLLOW);
    return 0;
}

/* Removes the tree at name under dir (the initramfs's copy, once moved: its memory is freed). */
static void remove_tree(int dir, const char *name)
{
    int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        DIR *entries = fdopendir(fd);
        if (entries != NULL) {
            struct dirent *entry;
            while ((entry = readdir(entries)) != NULL)
                if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
                    remove_tree(fd, entry->d_name);
            closedir(entries);
        } else {
            close(fd);
        }
        unlinkat(dir, name, AT_REMOVEDIR);
    } else {
        unlinkat(dir, name, 0);
    }
}

/* The initramfs's tree, copied into a tmpfs that then becomes "/"; 0 when "/" was moved. */
static int move_root_to_tmpfs(void)
{
    struct statfs root;
    if (statfs("/", &root) < 0 || (root.f_type != RAMFS_MAGIC && root.f_type != TMPFS_MAGIC))
        return 0; /* not an initramfs: a root on a disk can be pivoted away from already */
    if (mkdir(NEW_ROOT, 0755) < 0 || mount("tmpfs", NEW_ROOT, "tmpfs", 0, "mode=0755") < 0)
        goto failed;
    int old_root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int new_root = open(NEW_ROOT, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *entries = old_root < 0 ? NULL : fdopendir(dup(old_root));
    int result = new_root < 0 || entries == NULL ? -1 : 0;
    struct dirent *entry;
    while (result == 0 && (entry = readdir(entries)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0 && strcmp(entry->d_name, NEW_ROOT_NAME) != 0)
            result = copy_tree(old_root, entry->d_name, new_root);
    if (entries != NULL)
        closedir(entries);
    if (new_root >= 0)
        close(new_root);
    if (result < 0 || chdir(NEW_ROOT) < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0 || chdir("/") < 0) {
        int error = errno;
        if (old_root >= 0)
            close(old_root);
        umount2(NEW_ROOT, MNT_DETACH);
        rmdir(NEW_ROOT);
        errno = error;
        goto failed;
    }
    /* "/" is the tmpfs now. The initramfs's own copy goes (its memory is freed), removed
       through the descriptor of the rootfs the tmpfs now covers. */
    entries = fdopendir(dup(old_root));
    while (entries != NULL && (entry = readdir(entries)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            remove_tree(old_root, entry->d_name);
    if (entries != NULL)
        closedir(entries);
    close(old_root);
    return 0;
failed:
    fprintf(stderr, "auraed: the root stays on the initramfs (cannot move it to a tmpfs: %s); isolated cells cannot pivot into roots of their own\n",
            strerror(errno));
    return -1;
}

__attribute__((constructor)) static void aurae_mount_before_runtime(void)
{
    if (getpid() != 1)
        return;
    move_root_to_tmpfs();
    mkdir("/proc", 0555);
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0);
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
}
