/* SPDX-License-Identifier: MIT */
/*
 * Fixed-width integer types of the L4 API (L4Re's names). Freestanding: the
 * kernel, bootstrap and every program include this without a C library.
 */
#pragma once

typedef signed char l4_int8_t;
typedef unsigned char l4_uint8_t;
typedef signed short l4_int16_t;
typedef unsigned short l4_uint16_t;
typedef signed int l4_int32_t;
typedef unsigned int l4_uint32_t;
typedef signed long long l4_int64_t;
typedef unsigned long long l4_uint64_t;

typedef unsigned long l4_addr_t;    /**< address */
typedef unsigned long l4_umword_t;  /**< unsigned machine word */
typedef signed long l4_mword_t;     /**< signed machine word */
typedef unsigned long l4_size_t;    /**< size */
typedef signed long l4_ssize_t;     /**< signed size */
typedef l4_uint64_t l4_cpu_time_t;  /**< time in microseconds */
typedef l4_uint64_t l4_kernel_clock_t; /**< KIP clock value in microseconds */

/** Bits in a machine word. */
#define L4_MWORD_BITS (__SIZEOF_LONG__ * 8)
