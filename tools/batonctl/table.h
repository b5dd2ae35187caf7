/* SPDX-License-Identifier: GPL-2.0 */
/*
 * batonctl: aligned text tables for human output.
 *
 * Cells are added row by row, left to right; a row ends when it has as
 * many cells as there are headers.  Columns are left-aligned, two
 * spaces apart, as wide as their widest cell; lines carry no trailing
 * blanks, even when their last cells are empty ("").
 *
 *	static const char *const hdr[] = { "MODULE", "STATE" };
 *	struct table *t = table_new(hdr, 2);
 *
 *	table_cell(t, "%s", "baton_tunnel");
 *	table_cell(t, "%s", "loaded");
 *	table_print(t, stdout);
 *	table_free(t);
 */
#ifndef BATONCTL_TABLE_H
#define BATONCTL_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct table;

/* A table with @ncols columns titled @headers; NULL if out of memory. */
struct table *table_new(const char *const *headers, size_t ncols);
void table_free(struct table *t);

/* Append the next cell, printf-style. */
void table_cell(struct table *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Print the table.  Returns 0, or -1 if a cell could not be stored or
 * the last row is incomplete (nothing is printed then).
 */
int table_print(const struct table *t, FILE *out);

#endif /* BATONCTL_TABLE_H */
