/* SPDX-License-Identifier: MIT */
/*
 * Small helpers shared by the files of the host packer l4image: allocation
 * that cannot fail (the tool exits on out-of-memory, it has nothing to undo),
 * string formatting and the two path operations the modules.list rules need.
 */
#pragma once

#include <stddef.h>

void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* Like asprintf(), but never fails. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* s without leading and trailing white space (trailing cut in place). */
char *str_trim(char *s);

/* Cuts s after its first word; returns the trimmed rest, "" if none. */
char *str_split_word(char *s);

/* The part of path after its last '/'; path itself if it has none. */
const char *path_base(const char *path);

/*
 * name interpreted relative to the folder of the file base_file: name itself if it
 * is absolute or base_file has no folder part, else "<folder of base_file>/name".
 * Returns a malloc()ed string.
 */
char *path_relative_to(const char *base_file, const char *name);

/* Appends one zeroed element of elsize bytes to *arr (count *n); returns it. */
void *array_push(void *arr_ptr, size_t *n, size_t elsize);
