/*
 * clone3 whose child runs a function on a stack of its own, as glibc's clone() does for clone:
 * a child sharing the parent's memory (CLONE_VM) cannot return through the parent's frames.
 * glibc exports no clone3, and clone() cannot take CLONE_INTO_CGROUP.
 */
#ifndef AURAE_CLONE_ON_STACK_H
#define AURAE_CLONE_ON_STACK_H

#include <stddef.h>
#include <stdint.h>

/* linux/sched.h's struct clone_args (version 2, with cgroup), spelled out so the build does not
   depend on the kernel headers' age. */
struct aurae_clone_args {
    uint64_t flags;
    uint64_t pidfd;
    uint64_t child_tid;
    uint64_t parent_tid;
    uint64_t exit_signal;
    uint64_t stack;        /* lowest address of the child's stack */
    uint64_t stack_size;
    uint64_t tls;
    uint64_t set_tid;
    uint64_t set_tid_size;
    uint64_t cgroup;
};

#define AURAE_CLONE_INTO_CGROUP 0x200000000ULL

/* In the parent: the child's pid, or a negative errno (errno itself is not touched). In the
   child: runs entry(argument) on args->stack, then exits with its result. */
long aurae_clone_on_stack(struct aurae_clone_args *args, int (*entry)(void *), void *argument);

#endif
