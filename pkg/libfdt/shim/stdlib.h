/* SPDX-License-Identifier: MIT */
/*
 * Freestanding <stdlib.h> for libfdt: only strtoul, which fdt_overlay.c
 * uses. bootstrap does not apply overlays, so nothing pulls that object in;
 * a user of fdt_overlay must supply strtoul itself.
 */
#pragma once

#include <stddef.h>

unsigned long strtoul(const char *s, char **end, int base);
