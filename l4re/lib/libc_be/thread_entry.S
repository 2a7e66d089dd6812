// SPDX-License-Identifier: MIT
// be_thread_entry: where a thread made by clone (thread.c) starts. Its stack holds, from
// sp up: the thread pointer (TPIDR_EL0, the TLS block NPTL passed), a spare word, then
// fn and arg, which clone.S stored (pkg/uclibc-ng/patches/0002). It tells the backend it
// runs (be_thread_begins, thread.c), then calls fn(arg) with no frame above it; if fn
// returns (NPTL's start_thread never does), the thread exits with fn's result as a Linux
// thread does.
// be_call_on_stack(top, fn, a, b): calls fn(a, b) on the stack ending at top; fn does not
// return (a thread's last steps, on its exit stack, thread.c).

    .text
    .global be_thread_entry
    .type   be_thread_entry, %function
    .balign 16
be_thread_entry:
    ldp     x0, x1, [sp], #16
    msr     tpidr_el0, x0
    ldp     x19, x20, [sp], #16     // fn, arg: callee-saved across be_thread_begins
    mov     x29, #0
    bl      be_thread_begins
    mov     x30, #0
    mov     x0, x20
    blr     x19
    mov     x8, #93                 // exit(result)
    bl      __syscall_backend
1:  b       1b
    .size   be_thread_entry, . - be_thread_entry

    .global be_call_on_stack
    .type   be_call_on_stack, %function
    .balign 16
be_call_on_stack:
    mov     sp, x0
    mov     x16, x1
    mov     x0, x2
    mov     x1, x3
    mov     x29, #0
    mov     x30, #0
    br      x16
    .size   be_call_on_stack, . - be_call_on_stack

    .section .note.GNU-stack, "", %progbits
