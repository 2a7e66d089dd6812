/* SPDX-License-Identifier: MIT */
/*
 * Command line of l4image, as a function so the host tests can run the exact
 * CLI in-process (tests/host/test_packer.c). Usage: doc/modules-list.md.
 */
#pragma once

#include <stdio.h>

/*
 * Runs l4image with argv[0..argc). Normal output (--entries) goes to out, errors
 * and warnings to err. Returns the exit status: 0 on success, 1 on any error.
 */
int l4image_main(int argc, char **argv, FILE *out, FILE *err);
