// SPDX-License-Identifier: MIT
/*
 * Helpers of the host packer: allocation wrappers that exit on failure,
 * formatting, trimming and path helpers. A host tool that runs for milliseconds gains
 * nothing from recovering from out-of-memory, so the wrappers just stop it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void out_of_memory(void)
{
    fputs("l4image: out of memory\n", stderr);
    exit(1);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (!p) {
        out_of_memory();
    }
    return p;
}

void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        out_of_memory();
    }
    return p;
}

char *xstrdup(const char *s)
{
    size_t len = strlen(s) + 1;

    return memcpy(xmalloc(len), s, len);
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    if (vasprintf(&s, fmt, ap) < 0) {
        out_of_memory();
    }
    va_end(ap);
    return s;
}

const char *path_base(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

char *path_relative_to(const char *base_file, const char *name)
{
    const char *slash = strrchr(base_file, '/');

    if (name[0] == '/' || !slash) {
        return xstrdup(name);
    }
    return xasprintf("%.*s/%s", (int)(slash - base_file), base_file, name);
}

void *array_push(void *arr_ptr, size_t *n, size_t elsize)
{
    void **arr = arr_ptr;
    char *elem;

    *arr = xrealloc(*arr, (*n + 1) * elsize);
    elem = (char *)*arr + *n * elsize;
    memset(elem, 0, elsize);
    (*n)++;
    return elem;
}

char *str_trim(char *s)
{
    char *end;

    while (isspace((unsigned char)*s)) {
        s++;
    }
    end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1])) {
        *--end = '\0';
    }
    return s;
}

char *str_split_word(char *s)
{
    while (*s && !isspace((unsigned char)*s)) {
        s++;
    }
    if (*s) {
        *s++ = '\0';
    }
    return str_trim(s);
}
