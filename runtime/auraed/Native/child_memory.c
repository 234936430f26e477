/* See child_memory.h. Runs in the daemon (the parent), with the C library as usual. */
#define _GNU_SOURCE
#include "child_memory.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUARD_SIZE 4096
#define STANDARD_MAPPING_SIZE (256 * 1024)
/* Free standard mappings kept for reuse; beyond that they are unmapped. */
#define FREE_KEPT 16

static pthread_mutex_t lists_lock = PTHREAD_MUTEX_INITIALIZER;
static struct aurae_child_memory *in_use;
static struct aurae_child_memory *free_list;
static int free_count;

static size_t align_up(size_t value, size_t alignment)
{
    return (value + alignment - 1) & ~(alignment - 1);
}

static size_t header_offset(void)
{
    return 2 * GUARD_SIZE + 2 * AURAE_CHILD_STACK_SIZE;
}

static size_t data_capacity(size_t mapping_size)
{
    return mapping_size - header_offset() - align_up(sizeof(struct aurae_child_memory), 16);
}

static void release(struct aurae_child_memory *memory)
{
    if (memory->mapping_size == STANDARD_MAPPING_SIZE && free_count < FREE_KEPT) {
        memory->next = free_list;
        free_list = memory;
        free_count++;
        return;
    }
    munmap((char *)memory - header_offset(), memory->mapping_size);
}

/* Under lists_lock: every mapping whose processes have all exec'd or exited goes back, the most
   recently taken last, so it is the next one reused (its pages are the likeliest to be warm). */
static void reclaim(void)
{
    struct aurae_child_memory *freed = NULL; /* oldest first, as in_use runs newest first */
    struct aurae_child_memory **link = &in_use;
    while (*link) {
        struct aurae_child_memory *memory = *link;
        if (__atomic_load_n(&memory->child_tid, __ATOMIC_ACQUIRE) == 0
            && __atomic_load_n(&memory->workload_tid, __ATOMIC_ACQUIRE) == 0) {
            *link = memory->next;
            memory->next = freed;
            freed = memory;
        } else {
            link = &memory->next;
        }
    }
    while (freed) {
        struct aurae_child_memory *memory = freed;
        freed = memory->next;
        release(memory);
    }
}

static struct aurae_child_memory *map(size_t mapping_size)
{
    char *base = mmap(NULL, mapping_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    /* A child that overruns a stack faults instead of writing over the other stack or the copies. */
    if (mprotect(base, GUARD_SIZE, PROT_NONE) < 0
        || mprotect(base + GUARD_SIZE + AURAE_CHILD_STACK_SIZE, GUARD_SIZE, PROT_NONE) < 0) {
        int saved = errno;
        munmap(base, mapping_size);
        errno = saved;
        return NULL;
    }
    struct aurae_child_memory *memory = (struct aurae_child_memory *)(base + header_offset());
    memory->mapping_size = mapping_size;
    memory->workload_stack = base + GUARD_SIZE;
    memory->setup_stack = base + 2 * GUARD_SIZE + AURAE_CHILD_STACK_SIZE;
    return memory;
}

struct aurae_child_memory *aurae_child_memory_take(size_t data_bytes)
{
    size_t mapping_size = STANDARD_MAPPING_SIZE;
    if (data_bytes > data_capacity(STANDARD_MAPPING_SIZE))
        mapping_size = align_up(header_offset() + align_up(sizeof(struct aurae_child_memory), 16) + data_bytes,
                                (size_t)sysconf(_SC_PAGESIZE));

    pthread_mutex_lock(&lists_lock);
    reclaim();
    struct aurae_child_memory *memory = NULL;
    if (mapping_size == STANDARD_MAPPING_SIZE && free_list) {
        memory = free_list;
        free_list = memory->next;
        free_count--;
    }
    pthread_mutex_unlock(&lists_lock);
    if (!memory && !(memory = map(mapping_size)))
        return NULL;

    memory->data = (char *)memory + align_up(sizeof(struct aurae_child_memory), 16);
    memory->data_left = data_capacity(mapping_size);
    memory->child_tid = 1;
    memory->workload_tid = 0;
    pthread_mutex_lock(&lists_lock);
    memory->next = in_use;
    in_use = memory;
    pthread_mutex_unlock(&lists_lock);
    return memory;
}

void aurae_child_memory_abandon(struct aurae_child_memory *memory)
{
    __atomic_store_n(&memory->child_tid, 0, __ATOMIC_RELEASE);
}

size_t aurae_child_memory_bytes(size_t length)
{
    return align_up(length, 16);
}

size_t aurae_child_memory_string_bytes(const char *source)
{
    return source ? aurae_child_memory_bytes(strlen(source) + 1) : 0;
}

size_t aurae_child_memory_strings_bytes(const char *const *source)
{
    if (!source)
        return 0;
    size_t count = 0, bytes = 0;
    for (; source[count]; count++)
        bytes += aurae_child_memory_string_bytes(source[count]);
    return bytes + aurae_child_memory_bytes((count + 1) * sizeof(char *));
}

void *aurae_child_memory_copy(struct aurae_child_memory *memory, const void *source, size_t length)
{
    size_t bytes = aurae_child_memory_bytes(length);
    /* The caller sized the mapping from the same functions: running out is a bug here. */
    if (bytes > memory->data_left)
        __builtin_trap();
    void *copy = memory->data;
    memcpy(copy, source, length);
    memory->data += bytes;
    memory->data_left -= bytes;
    return copy;
}

const char *aurae_child_memory_string(struct aurae_child_memory *memory, const char *source)
{
    return source ? aurae_child_memory_copy(memory, source, strlen(source) + 1) : NULL;
}

char *const *aurae_child_memory_strings(struct aurae_child_memory *memory, const char *const *source)
{
    if (!source)
        return NULL;
    size_t count = 0;
    while (source[count])
        count++;
    const char **copy = aurae_child_memory_copy(memory, source, (count + 1) * sizeof(char *));
    for (size_t i = 0; i < count; i++)
        copy[i] = aurae_child_memory_string(memory, source[i]);
    return (char *const *)copy;
}
