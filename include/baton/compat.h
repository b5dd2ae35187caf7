/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What code shared between the kernel and userspace (the blob codec,
 * tunneler/blob.c, and its tests in fuzz/) needs of the kernel: fixed-width
 * types, errno values, address families, string functions, unaligned
 * big-endian access, ARRAY_SIZE() and EXPORT_SYMBOL_GPL().  The kernel
 * takes them from its own headers, userspace from libc and from here.
 */
#ifndef _BATON_COMPAT_H
#define _BATON_COMPAT_H

#ifdef __KERNEL__

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/unaligned.h>

#else /* !__KERNEL__ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

/* Nothing to export outside the kernel: declare an unused name instead. */
#define EXPORT_SYMBOL_GPL(sym)	extern int baton_unexported_##sym

static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline void put_unaligned_be16(u16 val, void *p)
{
	u8 *b = p;

	b[0] = val >> 8;
	b[1] = val;
}

static inline void put_unaligned_be32(u32 val, void *p)
{
	u8 *b = p;

	b[0] = val >> 24;
	b[1] = val >> 16;
	b[2] = val >> 8;
	b[3] = val;
}

#endif /* __KERNEL__ */

#endif /* _BATON_COMPAT_H */
