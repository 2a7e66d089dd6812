/* SPDX-License-Identifier: MIT */
/*
 * Creation of the two tasks the kernel starts by itself: sigma0 and the
 * root task (L4Re's boot protocol, doc/boot.md).
 */
#pragma once

/** Create sigma0 and the root task from the KIP's entry points. */
void boot_tasks_create(void);
