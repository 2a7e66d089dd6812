/* SPDX-License-Identifier: MIT */
/*
 * Builder of a program's initial stack (Linux/L4Re layout: argc, argv[],
 * NULL, envp[], NULL, auxv pairs, AT_NULL) for the in-task loader. Pure
 * code: it writes into a buffer whose bytes will appear at address vbase in
 * the program, so it is host-tested with an ordinary buffer.
 */
#pragma once

#include <l4/sys/l4int.h>

/** Linux auxiliary vector types used by the loader. */
enum ldr_auxv_types {
    LDR_AT_NULL = 0,
    LDR_AT_PHDR = 3,
    LDR_AT_PHENT = 4,
    LDR_AT_PHNUM = 5,
    LDR_AT_PAGESZ = 6,
    LDR_AT_BASE = 7,
    LDR_AT_ENTRY = 9,
    LDR_AT_UID = 11,
    LDR_AT_EUID = 12,
    LDR_AT_GID = 13,
    LDR_AT_EGID = 14,
};

/** A stack under construction: data grows down from the top of the buffer. */
struct ldr_stack {
    unsigned char *buf; /**< where the builder writes */
    l4_addr_t vbase;    /**< address of buf[0] in the program */
    l4_size_t size;     /**< bytes in buf */
    l4_size_t top;      /**< offset of the lowest byte in use */
    int overflow;       /**< set once something did not fit */
};

/** Start building into \a buf (\a size bytes, seen at \a vbase by the program). */
void ldr_stack_init(struct ldr_stack *s, void *buf, l4_addr_t vbase, l4_size_t size);

/**
 * Copy \a len bytes below the current top, aligned to \a align (a power of two).
 * \return the program address of the copy, or 0 on overflow
 */
l4_addr_t ldr_stack_push(struct ldr_stack *s, void const *data, l4_size_t len,
                         l4_size_t align);

/** Push a NUL-terminated string. \return its program address, or 0 */
l4_addr_t ldr_stack_push_str(struct ldr_stack *s, char const *str);

/**
 * Write the vector block: argc, argv (program addresses), NULL, envp, NULL,
 * the \a nauxv (type, value) pairs of \a auxv and AT_NULL, with the start
 * 16-byte aligned.
 * \return the initial stack pointer (address of argc), or 0 on overflow
 */
l4_addr_t ldr_stack_finish(struct ldr_stack *s, unsigned argc, l4_addr_t const *argv,
                           unsigned envc, l4_addr_t const *envp, l4_umword_t const *auxv,
                           unsigned nauxv);

/** Translate a program address inside the buffer back to a builder pointer. */
void *ldr_stack_ptr(struct ldr_stack const *s, l4_addr_t vaddr);
