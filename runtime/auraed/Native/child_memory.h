/*
 * The memory a spawned child runs in until it execs. The child shares the daemon's address
 * space (CLONE_VM): copying the daemon's page tables at every fork, and tearing the copy down
 * again at exec, was a quarter of the CPU an isolated start cost (issue 19). So it needs
 * stacks of its own and a copy of its request that outlives the caller's buffers. One mapping
 * holds both:
 *
 *   [guard][workload stack][guard][set-up stack][this header][copies of the request]
 *
 * The child is cloned with CLONE_CHILD_CLEARTID on child_tid, and an isolated one clones its
 * workload with it on workload_tid: the kernel zeroes each when that process execs or exits,
 * the moment it stops using the mapping. Both are watched, since either may outlive the other
 * (a set-up child killed while its workload has not exec'd yet). A mapping is reused or
 * unmapped only once both are zero, on a later take; nobody waits for it.
 */
#ifndef AURAE_CHILD_MEMORY_H
#define AURAE_CHILD_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#define AURAE_CHILD_STACK_SIZE (64 * 1024)

struct aurae_child_memory {
    int32_t child_tid;                 /* non-zero while the child may run in this mapping */
    int32_t workload_tid;              /* non-zero while an isolated child's workload may */
    size_t mapping_size;
    struct aurae_child_memory *next;   /* on the in-use or the free list */
    char *data;                        /* the next free byte of the copies */
    size_t data_left;
    void *setup_stack;                 /* lowest address; AURAE_CHILD_STACK_SIZE bytes */
    void *workload_stack;
};

/* A mapping with at least data_bytes for copies, marked in use (child_tid = 1, workload_tid = 0),
   or NULL with errno. Reclaims the mappings of children that have exec'd or exited. */
struct aurae_child_memory *aurae_child_memory_take(size_t data_bytes);

/* For a mapping whose child was never created: reclaimable at once. */
void aurae_child_memory_abandon(struct aurae_child_memory *memory);

/* Copies into the mapping (taken with enough data_bytes: see aurae_child_memory_string_bytes). */
void *aurae_child_memory_copy(struct aurae_child_memory *memory, const void *source, size_t length);
const char *aurae_child_memory_string(struct aurae_child_memory *memory, const char *source);
/* A NULL-terminated array of strings (NULL stays NULL). */
char *const *aurae_child_memory_strings(struct aurae_child_memory *memory, const char *const *source);

/* The data bytes the copies above need, alignment included. */
size_t aurae_child_memory_bytes(size_t length);
size_t aurae_child_memory_string_bytes(const char *source);
size_t aurae_child_memory_strings_bytes(const char *const *source);

#endif
