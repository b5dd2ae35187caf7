/* SPDX-License-Identifier: GPL-2.0 */
/* Version of the baton modules and tools, shared by both. */
#ifndef _BATON_VERSION_H
#define _BATON_VERSION_H

#define BATON_VERSION "0.1.0"

#endif /* _BATON_VERSION_H */
