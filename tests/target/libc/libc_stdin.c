/* SPDX-License-Identifier: MIT */
/*
 * stdin from the console (tests/target/libc/stdin.test, focus.test): the
 * uClibc-ng backend reads the program's log Vcon, moe's log object, which
 * gets the bytes typed while this program has the console's focus.
 * `libc_stdin` checks the edges first and prints what it finds (an empty
 * read, reads and Irq binds through a log capability without W, a line
 * through getchar, a partial read), then echoes lines (fgets) until the end
 * of file (Ctrl-D), and reads one more line after it. `libc_stdin --echo`
 * only echoes lines (focus.test runs two of them).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>

static void chomp(char *s)
{
    size_t n = strlen(s);

    if (n && s[n - 1] == '\n') {
        s[n - 1] = 0;
    }
}

static void echo_lines(void)
{
    char line[128];

    while (fgets(line, sizeof(line), stdin)) {
        chomp(line);
        printf("echo: [%s]\n", line);
    }
}

/* Reads and binds through the log without W are refused; a wrong line too. */
static void rights(void)
{
    l4re_env_t *env = l4re_env();
    l4_cap_idx_t ro = l4re_util_cap_alloc();
    l4_cap_idx_t irq = l4re_util_cap_alloc();
    char buf[8];

    l4_task_map(L4RE_THIS_TASK_CAP, L4RE_THIS_TASK_CAP, l4_obj_fpage(env->log, 0, L4_CAP_FPAGE_RO),
                ro | L4_ITEM_MAP);
    l4_factory_create_irq(env->factory, irq);
    printf("read without W: %d\n", l4_vcon_read(ro, buf, sizeof(buf)));
    printf("bind without W: %d\n", l4_error(l4_icu_bind(ro, 0, irq)));
    printf("bind line 1: %d\n", l4_error(l4_icu_bind(env->log, 1, irq)));
    l4_task_delete_obj(L4RE_THIS_TASK_CAP, irq);
}

int main(int argc, char **argv)
{
    char buf[64];
    int c;
    long n;

    if (argc > 1 && strcmp(argv[1], "--echo") == 0) {
        printf("ready\n");
        echo_lines();
        printf("eof\n");
        return 0;
    }
    printf("empty read: %ld\n", (long)read(0, buf, 0));
    rights();
    printf("ready\n");
    n = 0;
    while ((c = getchar()) != EOF && c != '\n' && n < (long)sizeof(buf) - 1) {
        buf[n++] = (char)c;
    }
    buf[n] = 0;
    printf("getchar: [%s]\n", buf);
    n = read(0, buf, 3);
    printf("read 3: %ld [%.*s]\n", n, (int)(n > 0 ? n : 0), buf);
    n = read(0, buf, sizeof(buf));
    printf("read on: %ld [%.*s]\n", n, (int)(n > 1 ? n - 1 : 0), buf);
    echo_lines();
    printf("eof\n");
    clearerr(stdin);
    if (fgets(buf, sizeof(buf), stdin)) {
        chomp(buf);
        printf("after eof: [%s]\n", buf);
    }
    return 0;
}
