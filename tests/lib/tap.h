/* SPDX-License-Identifier: MIT */
/*
 * The tiny TAP emitter of the target tests. Output goes to the kernel
 * debug console, framed the way the host runner (and L4Re's tap-wrapper)
 * expects:
 *     TAP TEST START / 1..N / ok 1 - ... / not ok 2 - ... / TAP TEST FINISHED
 * A test program calls tap_start(N), one tap_* check per test point and
 * tap_done(). Checks return their verdict so a test can skip dependent
 * steps. Not thread-safe (the boot tests have one thread).
 */
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

/** Print the start marker and the plan "1..\a planned". */
void tap_start(unsigned planned);
/** Send TAP lines to \a out (e.g. l4re_log_print) instead of the kernel debug console. */
void tap_set_output(void (*out)(const char *text));

/** One test point: "ok n - desc" if \a cond, else "not ok n - desc". \return !!cond */
int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * One test point comparing integers; on failure a diagnostic shows both values.
 * \return 1 if \a got == \a expected
 */
int tap_is_int(long long got, long long expected, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Skip one test point: "ok n # SKIP reason". */
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** A diagnostic line "# ...". */
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * Print the end marker (after a diagnostic if the number of points run
 * differs from the plan).
 * \return the number of failed points (plan mismatch counts as one failure)
 */
int tap_done(void);

#ifdef __cplusplus
}
#endif
