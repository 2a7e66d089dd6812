/* SPDX-License-Identifier: MIT */
/*
 * The CPUs a flattened device tree names: the reg (MPIDR affinity) of every
 * enabled /cpus/cpu@... node whose device_type is "cpu", in tree order.
 * Freestanding (host-tested: tests/host/test_dt_cpus.c).
 */
#pragma once

#include <stdint.h>

/**
 * Fill ids[0..max) with the CPUs' hardware ids and return how many the tree
 * names (may exceed max); -1 if the blob is no device tree or is malformed.
 */
int dt_cpu_ids(const void *fdt, uint64_t *ids, unsigned max);
