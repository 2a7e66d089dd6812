/* SPDX-License-Identifier: MIT */
/*
 * Multiprocessor support: the CPUs named in the device tree are started
 * through PSCI; the kernel runs under one kernel lock (taken on every entry,
 * released on every exit and around the idle wait), so kernel code is
 * serialised as on one CPU. What a lock cannot give, requests do: work on a
 * thread that runs on another CPU (its registers live in that CPU) runs on
 * that CPU. doc/kernel.md, "Multiprocessor", has the rules and why.
 */
#pragma once

#include "base.h"
#include "list.h"

struct cpu;
struct task;
struct thread;

/** Interrupt (SGI) that makes a CPU look at its requests and reschedule. */
#define SMP_IPI_INTID 1

/** Take and drop the kernel lock (entry and exit paths, the idle loop). */
void kernel_lock(void);
void kernel_unlock(void);

/** Read the CPU list from the device tree at \a dt_pa (before kernel memory is handed out). */
void smp_find_cpus(uint64_t dt_pa);
/** The idle thread of CPU \a c, running fn(arg), its ready queues set up; NULL without memory. */
struct thread *smp_idle_create(struct cpu *c, void (*fn)(void *), void *arg);
/** Start every CPU found besides the boot CPU; prints how many are online. */
void smp_start_cpus(void);
/** Make \a c (another CPU) enter the kernel: it reschedules and serves its requests. */
void smp_kick(struct cpu *c);
/** The CPU-request interrupt arrived: run what other CPUs asked of this one. */
void smp_ipi(void);
/** With one CPU: the entry and exit paths stop calling the kernel lock (kernel_lock.c). */
void kernel_lock_sites_off(void);

/**
 * Run fn(arg) where thread \a t runs on no other CPU and keeps no register
 * state in one: here, or as a request on the CPU that has it (the caller
 * blocks until it ran). fn runs under the kernel lock either way.
 */
void smp_call_for(struct thread *t, void (*fn)(void *), void *arg);
/** \a t dies: a request it waits for is withdrawn. */
void smp_thread_dying(struct thread *t);
/**
 * The CPUs (bit i: CPU i) running a thread of \a task: their TTBR0 holds its
 * tables (a CPU switching to idle leaves them, arch_thread_switch_in).
 */
unsigned smp_task_cpus(const struct task *task);
/** Whether \a t is the running thread of some CPU (its kernel stack may be in use). */
bool smp_thread_running(const struct thread *t);
