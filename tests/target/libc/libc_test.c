/* SPDX-License-Identifier: MIT */
/*
 * The libc test (libc.test): an ordinary uClibc-ng program started by moe
 * through l4re that checks what the system-call backend makes work --
 * formatted output, malloc (including a million small blocks whose memory
 * must go back to moe, measured with the allocator's INFO call), strings,
 * setjmp/longjmp, libm, stdio on a rom file compared byte for byte with
 * the module, the clocks across a sleep, ENOSYS for what is not served and
 * the L4Re C API of the examples. It prints TAP on stdout (the log).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <l4/sys/ipc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>

#define DATA_FILE  "rom/libc_data.bin"
#define DATA_SIZE  20000
#define MANY       1000000
#define PLANNED    49

static unsigned tap_n;
static unsigned tap_failed;

static int ok(int cond, char const *fmt, ...) __attribute__((format(printf, 2, 3)));

static int ok(int cond, char const *fmt, ...)
{
    va_list ap;

    printf("%sok %u - ", cond ? "" : "not ", ++tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        ++tap_failed;
    }
    return cond;
}

static int is_str(char const *got, char const *want, char const *what)
{
    if (!ok(strcmp(got, want) == 0, "%s", what)) {
        printf("# got '%s', want '%s'\n", got, want);
        return 0;
    }
    return 1;
}

static unsigned char data_byte(unsigned long i)
{
    return (unsigned char)((7 * i + 3) & 255);
}

/* Bytes in use by this program's dataspaces, as moe's allocator counts them. */
static long mem_in_use(void)
{
    l4_umword_t quota, used;

    if (l4re_ma_info_srv(l4re_env()->mem_alloc, &quota, &used) < 0) {
        return -1;
    }
    return (long)used;
}

static void test_printf(void)
{
    char const *volatile long_text = "0123456789abcdef";
    char buf[128];
    int n;

    snprintf(buf, sizeof(buf), "%d %u %x %ld %05d|%-4d|%+d", -42, 42u, 0xbeefu,
             -1234567890123L, 42, 7, 5);
    is_str(buf, "-42 42 beef -1234567890123 00042|7   |+5", "snprintf integers");
    snprintf(buf, sizeof(buf), "%.3f %e %g %.1f", 3.14159, 12345.678, 0.0001, -2.26);
    is_str(buf, "3.142 1.234568e+04 0.0001 -2.3", "snprintf floats");
    snprintf(buf, sizeof(buf), "%s|%6s|%-6s|%.2s|%c", "abc", "de", "fg", "hij", 'k');
    is_str(buf, "abc|    de|fg    |hi|k", "snprintf strings");
    n = snprintf(buf, 8, "%s", long_text);
    ok(n == 16 && strcmp(buf, "0123456") == 0, "snprintf truncates and returns the full length");
    n = printf("# printf to the log: %d %.2f %s\n", 1, 2.5, "three");
    ok(n == snprintf(buf, sizeof(buf), "# printf to the log: %d %.2f %s\n", 1, 2.5, "three"),
       "printf returns the number of bytes written (%d)", n);
    ok(isatty(1), "stdout is a terminal (TCGETS on the console succeeds)");
}

static void test_malloc(void)
{
    unsigned char *p = malloc(100);
    unsigned char *q;
    unsigned char *big;
    int good = 1;
    int i;

    ok(p != NULL, "malloc(100)");
    if (!p) {
        return;
    }
    for (i = 0; i < 100; ++i) {
        p[i] = (unsigned char)i;
    }
    q = realloc(p, 100000);
    for (i = 0; q && i < 100; ++i) {
        good &= q[i] == (unsigned char)i;
    }
    ok(q && good, "realloc grows a block and keeps its contents");
    free(q);
    p = calloc(1000, 1000);
    good = p != NULL;
    for (i = 0; p && i < 1000000; i += 997) {
        good &= p[i] == 0;
    }
    ok(good, "calloc(1000, 1000) is zeroed");
    free(p);
    big = malloc(4 << 20);
    good = big != NULL;
    if (big) {
        memset(big, 0x5a, 4 << 20);
        good = big[0] == 0x5a && big[(4 << 20) - 1] == 0x5a;
    }
    ok(good, "malloc of 4 MiB (mmap) is usable");
    free(big);
}

static void test_many_blocks(void)
{
    void **v;
    long before, peak, after;
    int good = 1;
    long i;

    before = mem_in_use();
    v = malloc(MANY * sizeof(void *));
    for (i = 0; v && i < MANY; ++i) {
        v[i] = malloc(16);
        if (!v[i]) {
            good = 0;
            break;
        }
        *(long *)v[i] = i;
    }
    for (i = 0; v && good && i < MANY; i += 1009) {
        good &= *(long *)v[i] == i;
    }
    ok(v && good, "a million malloc(16) blocks, each usable");
    peak = mem_in_use();
    for (i = 0; v && i < MANY; ++i) {
        free(v[i]);
    }
    free(v);
    malloc_trim(0);
    after = mem_in_use();
    printf("# moe's allocator: in use before %ld, with the blocks %ld, after free %ld\n",
           before, peak, after);
    ok(before >= 0 && peak - before >= 16L << 20,
       "moe counts the blocks' memory (+%ld KiB)", (peak - before) >> 10);
    ok(before >= 0 && after - before <= 256L << 10,
       "free returns the memory to moe (%ld KiB left over)", (after - before) >> 10);
}

static void test_strings(void)
{
    char buf[32];
    char *d;

    ok(strlen("hello") == 5 && strcmp("abc", "abd") < 0 && strncmp("abcx", "abcy", 3) == 0,
       "strlen, strcmp, strncmp");
    strcpy(buf, "hello");
    ok(strchr(buf, 'l') == buf + 2 && strrchr(buf, 'l') == buf + 3, "strchr, strrchr");
    ok(strstr("the quick fox", "quick") != NULL && strstr("abc", "x") == NULL, "strstr");
    strcpy(buf, "0123456789");
    memmove(buf + 2, buf, 5);
    is_str(buf, "0101234789", "memmove with overlap");
    d = strdup("duplicate");
    ok(d && strcmp(d, "duplicate") == 0 && memcmp(d, "dup", 3) == 0, "strdup, memcmp");
    free(d);
    ok(strtol("-0x1f", NULL, 16) == -31 && atoi("1234") == 1234 &&
       strtoul("777", NULL, 8) == 511, "strtol, atoi, strtoul");
}

static jmp_buf jb;

static void jump_back(int depth)
{
    if (depth < 0) {
        return;
    }
    if (depth == 0) {
        longjmp(jb, 7);
    }
    jump_back(depth - 1);
}

static void test_setjmp(void)
{
    volatile int count = 0;
    int r = setjmp(jb);

    if (r == 0) {
        count = 1;
        jump_back(10);
    }
    ok(r == 7 && count == 1, "setjmp/longjmp across 10 frames");
}

static void test_libm(void)
{
    volatile double half_pi = 1.5707963267948966;
    volatile double two = 2.0;

    ok(fabs(sin(half_pi) - 1.0) < 1e-12, "sin(pi/2) == 1");
    ok(fabs(pow(two, 10.0) - 1024.0) < 1e-9, "pow(2, 10) == 1024");
    ok(fabs(sqrt(two) * sqrt(two) - 2.0) < 1e-12, "sqrt(2)^2 == 2");
}

/* mmap of a rom file: a private copy of its bytes. */
static void test_rom_mmap(void)
{
    int fd = open(DATA_FILE, O_RDONLY);
    unsigned char *p = MAP_FAILED;
    int good;
    int i;

    if (fd >= 0) {
        p = mmap(NULL, DATA_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    good = p != MAP_FAILED;
    for (i = 0; good && i < DATA_SIZE; ++i) {
        good = p[i] == data_byte((unsigned long)i);
    }
    ok(good && munmap(p, DATA_SIZE) == 0 && close(fd) == 0, "mmap of a rom file, munmap");
}

static void test_rom_file(void)
{
    static unsigned char buf[DATA_SIZE + 100];
    struct stat st;
    FILE *f = fopen(DATA_FILE, "r");
    size_t n;
    size_t i;
    int good = 1;
    int c;

    if (!ok(f != NULL, "fopen(\"%s\")", DATA_FILE)) {
        printf("# errno %d (%s)\n", errno, strerror(errno));
        return;
    }
    n = fread(buf, 1, sizeof(buf), f);
    for (i = 0; i < n; ++i) {
        good &= buf[i] == data_byte(i);
    }
    ok(n == DATA_SIZE && good, "fread reads the whole module, byte for byte (%zu bytes)", n);
    ok(fseek(f, 12345, SEEK_SET) == 0 && (c = fgetc(f)) == data_byte(12345) &&
       ftell(f) == 12346, "fseek/fgetc/ftell");
    ok(fseek(f, -10, SEEK_END) == 0 && ftell(f) == DATA_SIZE - 10 &&
       fread(buf, 1, 100, f) == 10 && feof(f), "fseek from the end, short read at EOF");
    ok(fclose(f) == 0, "fclose");
    ok(stat(DATA_FILE, &st) == 0 && st.st_size == DATA_SIZE && S_ISREG(st.st_mode),
       "stat of a rom file");
    test_rom_mmap();
    errno = 0;
    ok(fopen("rom/no-such-module", "r") == NULL && errno == ENOENT, "a missing file: ENOENT");
    errno = 0;
    ok(fopen(DATA_FILE, "w") == NULL && errno == EROFS, "opening a rom file to write: EROFS");
}

static double ts_seconds(struct timespec const *ts)
{
    return (double)ts->tv_sec + (double)ts->tv_nsec / 1e9;
}

static long tv_us(struct timeval const *tv)
{
    return tv->tv_sec * 1000000L + tv->tv_usec;
}

/*
 * Time through libc's own functions: clock_gettime() and nanosleep()
 * (uClibc-ng's real-time extensions), sleep() and select() (alarm +
 * sigsuspend, pselect6), all served by the backend from the KIP clock.
 */
static void test_time(void)
{
    struct timespec a, b;
    struct timespec req = { 1, 100000000 };
    struct timeval tv0, tv1;
    time_t t0, t1;
    double slept;

    t0 = time(NULL);
    gettimeofday(&tv0, NULL);
    ok(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime");
    ok(nanosleep(&req, NULL) == 0, "nanosleep(1.1 s)");
    clock_gettime(CLOCK_MONOTONIC, &b);
    gettimeofday(&tv1, NULL);
    t1 = time(NULL);
    slept = ts_seconds(&b) - ts_seconds(&a);
    ok(slept >= 1.1 && slept < 3.0, "the clock advanced by the sleep (%.3f s)", slept);
    ok(t1 - t0 >= 1, "time() advanced (%ld -> %ld)", (long)t0, (long)t1);
    ok(tv_us(&tv1) - tv_us(&tv0) >= 1100000, "gettimeofday advanced");
    gettimeofday(&tv0, NULL);
    ok(sleep(1) == 0, "sleep(1)");
    gettimeofday(&tv1, NULL);
    ok(tv_us(&tv1) - tv_us(&tv0) >= 1000000, "sleep(1) took a second (%ld us)",
       tv_us(&tv1) - tv_us(&tv0));
    gettimeofday(&tv0, NULL);
    ok(select(0, NULL, NULL, NULL, &(struct timeval){ 0, 200000 }) == 0, "select as a sleep");
    gettimeofday(&tv1, NULL);
    ok(tv_us(&tv1) - tv_us(&tv0) >= 200000, "select slept 0.2 s (%ld us)",
       tv_us(&tv1) - tv_us(&tv0));
}

static void test_process(void)
{
    int fds[2];

    ok(getpid() == 1, "getpid");
    errno = 0;
    ok(pipe(fds) == -1 && errno == ENOSYS, "an unsupported call fails with ENOSYS");
}

/*
 * moe's FREE operation on an allocator (L4RE_MA_OP_FREE, the dataspace as
 * map item; not in L4Re's C API): dropping the capability alone does not
 * tell moe that the dataspace is unused.
 */
static long ma_free(l4_cap_idx_t ds)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = L4RE_MA_OP_FREE;
    m->mr[1] = l4_map_obj_control(0, 0);
    m->mr[2] = l4_obj_fpage(ds, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_error(l4_ipc_call(l4re_env()->mem_alloc, l4_utcb(),
                                l4_msgtag(L4RE_PROTO_MEM_ALLOC, 1, 1, 0), L4_IPC_NEVER));
}

/* The L4Re C examples' memory API: allocate, attach, touch, detach, free. */
static void test_l4re_api(void)
{
    enum { SIZE = 64 << 10 };
    l4_cap_idx_t ds = l4re_util_cap_alloc();
    unsigned char *p = 0;
    long before = mem_in_use();
    int good = 1;
    int i;

    ok(l4_is_valid_cap(ds) && l4re_ma_alloc(SIZE, ds, 0) == 0, "l4re_ma_alloc(64 KiB)");
    ok(l4re_rm_attach((void **)&p, SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0,
                      L4_PAGESHIFT) == 0 && p != 0, "l4re_rm_attach with search");
    for (i = 0; p && i < SIZE; i += L4_PAGESIZE) {
        p[i] = (unsigned char)(i >> 12);
    }
    for (i = 0; p && i < SIZE; i += L4_PAGESIZE) {
        good &= p[i] == (unsigned char)(i >> 12);
    }
    ok(p && good, "touch every page and read it back");
    ok(p && l4re_rm_detach(p) >= 0, "l4re_rm_detach");
    ok(ma_free(ds) == 0, "free the dataspace (moe's Mem_alloc FREE)");
    l4re_util_cap_free_um(ds);
    ok(before >= 0 && mem_in_use() <= before, "the freed dataspace is back in moe");
}

int main(void)
{
    printf("TAP TEST START\n");
    printf("1..%d\n", PLANNED);
    test_printf();
    test_malloc();
    test_many_blocks();
    test_strings();
    test_setjmp();
    test_libm();
    test_rom_file();
    test_time();
    test_process();
    test_l4re_api();
    if (tap_n != PLANNED) {
        printf("# planned %d, ran %u\n", PLANNED, tap_n);
    }
    printf("TAP TEST FINISHED\n");
    return tap_failed ? 1 : 0;
}
