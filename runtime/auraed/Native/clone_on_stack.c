/* See clone_on_stack.h. The system call and the child's first instructions are assembly: the
   child starts on a fresh stack with no frame to return to. x86-64 only, like syscalls.h. */
#include "clone_on_stack.h"
#include "syscalls.h"

long aurae_clone_on_stack_raw(struct aurae_clone_args *args, size_t size, int (*entry)(void *), void *argument);

/* rdi = args, rsi = size (clone3's own arguments), rdx = entry, rcx = argument. r8 and r9
   survive the system call in both processes, so they carry entry and argument to the child. */
__asm__(
    ".text\n"
    ".globl aurae_clone_on_stack_raw\n"
    ".hidden aurae_clone_on_stack_raw\n"
    ".type aurae_clone_on_stack_raw, @function\n"
    "aurae_clone_on_stack_raw:\n"
    "    movq %rdx, %r8\n"
    "    movq %rcx, %r9\n"
    "    movl $435, %eax\n"          /* SYS_clone3 */
    "    syscall\n"
    "    testq %rax, %rax\n"
    "    jz 1f\n"
    "    ret\n"
    "1:\n"
    "    xorl %ebp, %ebp\n"          /* the outermost frame */
    "    andq $-16, %rsp\n"
    "    movq %r9, %rdi\n"
    "    call *%r8\n"
    "    movl %eax, %edi\n"
    "    movl $60, %eax\n"           /* SYS_exit */
    "    syscall\n"
    "    hlt\n"
    ".size aurae_clone_on_stack_raw, .-aurae_clone_on_stack_raw\n");

long aurae_clone_on_stack(struct aurae_clone_args *args, int (*entry)(void *), void *argument)
{
    _Static_assert(SYS_clone3 == 435 && SYS_exit == 60, "the assembly above spells these numbers");
    return aurae_clone_on_stack_raw(args, sizeof *args, entry, argument);
}
