/* SPDX-License-Identifier: MIT */
/*
 * check-libc: proves the uClibc-ng build (pkg/uclibc-ng) and liblua (pkg/lua) without any
 * L4 kernel. It is linked with uClibc's own crt1.o and runs under qemu-aarch64 (Linux user
 * mode); every system call goes through __syscall_backend in backend.S, which forwards it
 * to Linux. Prints TAP: one point per entry of `checks`, then the syscall numbers used
 * (the list the L4 runtime must serve). Exits with the number of failed points.
 */
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "libc_test.h"

/* uClibc-ng 1.0.35 references it from libc.a but defines it only in libdl, which a
 * static-only build leaves out (feasibility study, section 3). */
unsigned long _dl_pagesize = 4096;
/* Likewise _dl_tls_static_size, which the TLS setup of the threaded libc reads. */
unsigned long _dl_tls_static_size = 2048;

/* libgcc's outline atomics (used by the threaded libc) ask for the CPU's hardware
 * capabilities; answering none keeps them on the load/store-exclusive path. */
unsigned long __getauxval(unsigned long type);
unsigned long __getauxval(unsigned long type)
{
    (void)type;
    return 0;
}

static int check_printf_floats(void)
{
    static const char want[] = "3.142|0.1|1.23e+04|-0002.50|-42|x";
    char buf[128];
    char hex[32];

    snprintf(buf, sizeof buf, "%.3f|%g|%.2e|%+08.2f|%d|%s", 3.14159, 0.1, 12345.678, -2.5,
             -42, "x");
    printf("# printf: pi is about %f, e is about %.10g\n", M_PI, M_E);
    if (strcmp(buf, want) != 0) {
        printf("# got '%s', wanted '%s'\n", buf, want);
        return 0;
    }
    /* %a may normalise differently from glibc (0x3p+0 for 3.0): check the round trip. */
    snprintf(hex, sizeof hex, "%a", -3.0625);
    return strtod(hex, NULL) == -3.0625 && strtod("2.5e-3", NULL) == 0.0025 &&
           atof("-1.5") == -1.5;
}

/* Many small blocks of varied sizes, freed in an interleaved order, then reused. */
static int check_malloc_small(void)
{
    enum { N = 2000 };
    static unsigned char *blk[N];
    int ok = 1;

    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < N; i++) {
            size_t n = (size_t)(i * 37 + round * 11) % 1000 + 1;
            blk[i] = malloc(n);
            if (blk[i] == NULL) {
                return 0;
            }
            memset(blk[i], i & 0xff, n);
        }
        for (int parity = 0; parity < 2; parity++) {
            for (int i = parity; i < N; i += 2) {
                size_t n = (size_t)(i * 37 + round * 11) % 1000 + 1;
                ok &= blk[i][0] == (i & 0xff) && blk[i][n - 1] == (i & 0xff);
                free(blk[i]);
            }
        }
    }
    return ok;
}

/* Blocks above the mmap threshold, realloc (mremap may fail: it falls back), calloc. */
static int check_malloc_large(void)
{
    size_t big = 4u << 20;
    unsigned char *p = malloc(big);
    unsigned char *q;
    unsigned int *z;
    int ok = 1;

    if (p == NULL) {
        return 0;
    }
    memset(p, 0x5a, big);
    q = realloc(p, 2 * big);
    if (q == NULL) {
        free(p);
        return 0;
    }
    ok &= q[0] == 0x5a && q[big - 1] == 0x5a;
    free(q);
    z = calloc(1000, sizeof *z);
    if (z == NULL) {
        return 0;
    }
    for (int i = 0; i < 1000; i++) {
        ok &= z[i] == 0;
    }
    free(z);
    return ok;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int check_strings(void)
{
    char buf[64] = "alpha,beta,,gamma";
    const char *words[] = { "pear", "apple", "fig", "banana" };
    char *save = NULL;
    char *tok;
    char joined[64] = "";
    int ok = 1;

    ok &= strlen(buf) == 17 && strcmp("abc", "abd") < 0 && strncmp("abcX", "abcY", 3) == 0;
    ok &= strchr(buf, ',') == buf + 5 && strrchr(buf, ',') == buf + 11;
    ok &= strstr(buf, "gam") == buf + 12 && strstr(buf, "delta") == NULL;
    for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        strcat(joined, tok);
        strcat(joined, "/");
    }
    ok &= strcmp(joined, "alpha/beta/gamma/") == 0;
    memcpy(buf, "0123456789", 11);
    memmove(buf + 2, buf, 8);
    ok &= strcmp(buf, "0101234567") == 0;
    ok &= strtol("-0x1f", NULL, 16) == -31 && strtoul("777", NULL, 8) == 511;
    qsort(words, 4, sizeof words[0], cmp_str);
    ok &= strcmp(words[0], "apple") == 0 && strcmp(words[3], "pear") == 0;
    ok &= strcmp(strerror(2), "No such file or directory") == 0;
    return ok;
}

static jmp_buf jump;

/* The depth < 0 exit only tells GCC that not every path ends in longjmp. */
static void jump_from(int depth)
{
    if (depth < 0) {
        return;
    }
    if (depth > 0) {
        jump_from(depth - 1);
    } else {
        longjmp(jump, 42);
    }
}

static int check_setjmp(void)
{
    volatile int steps = 0;
    int r = setjmp(jump);

    steps++;
    if (r == 0) {
        jump_from(10);
        return 0;
    }
    if (r == 42) {
        longjmp(jump, 0); /* 0 must arrive as 1 */
    }
    return r == 1 && steps == 3;
}

static int near(double a, double b)
{
    return fabs(a - b) <= 1e-12 * (fabs(b) > 1 ? fabs(b) : 1);
}

static int check_libm(void)
{
    return near(sin(M_PI / 6), 0.5) && near(cos(0), 1.0) && pow(2, 10) == 1024.0 &&
           near(pow(2, 0.5), sqrt(2)) && near(exp(log(10)), 10) && near(atan2(1, 1), M_PI / 4) &&
           fmod(7.5, 2) == 1.5 && floor(-1.5) == -2 && ceil(1.2) == 2 && isnan(sqrt(-1.0));
}

/* A file round trip: openat, write, lseek, read, close, unlink. */
static int check_file_io(void)
{
    char path[] = "/tmp/check-libc-XXXXXX";
    char line[64];
    int fd = mkstemp(path);
    FILE *f;
    int ok;

    if (fd < 0) {
        return 0;
    }
    close(fd);
    f = fopen(path, "w+");
    if (f == NULL) {
        unlink(path);
        return 0;
    }
    fprintf(f, "line %d %.2f\nsecond\n", 7, 0.25);
    fseek(f, 0, SEEK_SET);
    ok = fgets(line, sizeof line, f) != NULL && strcmp(line, "line 7 0.25\n") == 0;
    ok &= fgets(line, sizeof line, f) != NULL && strcmp(line, "second\n") == 0;
    ok &= fgets(line, sizeof line, f) == NULL && feof(f);
    fclose(f);
    return unlink(path) == 0 && ok;
}

static int check_time(void)
{
    time_t now = time(NULL);
    struct tm tm;

    return now > 1600000000 && clock() != (clock_t)-1 && gmtime_r(&now, &tm) != NULL &&
           tm.tm_year >= 120;
}

/* Both patched paths: the inline wrapper (write) and syscall(2) (syscall.S). */
static int check_backend(void)
{
    static const char msg[] = "# write(2) through __syscall_backend\n";
    unsigned long before;
    long pid;
    int ok;

    fflush(stdout); /* its write must not be counted below */
    before = backend_calls;
    ok = write(1, msg, sizeof msg - 1) == (ssize_t)(sizeof msg - 1);
    ok &= backend_calls == before + 1 && backend_seen[SYS_write];
    pid = syscall(SYS_getpid);
    ok &= backend_calls == before + 2 && backend_seen[SYS_getpid] && pid == getpid();
    return ok;
}

static const struct {
    const char *name;
    int (*run)(void);
} checks[] = {
    { "printf and strtod handle floats", check_printf_floats },
    { "malloc/free of 2000 small blocks, twice", check_malloc_small },
    { "large malloc, realloc, calloc", check_malloc_large },
    { "string functions, strtol, qsort, strerror", check_strings },
    { "setjmp/longjmp across 10 frames", check_setjmp },
    { "libm: sin cos pow sqrt exp log atan2 fmod", check_libm },
    { "stdio file round trip", check_file_io },
    { "time, clock, gmtime_r", check_time },
    { "syscalls go through __syscall_backend", check_backend },
    { "lua: tables and string.format", check_lua_format },
    { "lua: pcall/error", check_lua_pcall },
    { "lua: math and number formatting", check_lua_math },
    { "lua: coroutines, gsub, utf8", check_lua_coroutine },
    { "lua: io and os: tmpname, write, lines, remove", check_lua_io },
    { "lua: syntax errors are reported", check_lua_syntax_error },
};

int main(void)
{
    int n = (int)(sizeof checks / sizeof checks[0]);
    int failed = 0;

    printf("1..%d\n", n);
    for (int i = 0; i < n; i++) {
        int ok = checks[i].run();
        printf("%sok %d - %s\n", ok ? "" : "not ", i + 1, checks[i].name);
        failed += !ok;
    }
    printf("# %lu backend calls; numbers:", backend_calls);
    for (int nr = 0; nr < BACKEND_MAX_NR; nr++) {
        if (backend_seen[nr]) {
            printf(" %d", nr);
        }
    }
    printf("\n");
    return failed;
}
