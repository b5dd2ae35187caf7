// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: aligned text tables for human output.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

/**
 * struct table - cells in row-major order, the headers being row 0
 * @ncols: number of columns
 * @ncells: cells stored
 * @cap: cells allocated
 * @cells: the cell strings, owned
 * @broken: a cell could not be stored
 */
struct table {
	size_t ncols;
	size_t ncells;
	size_t cap;
	char **cells;
	bool broken;
};

static int table_append(struct table *t, char *cell)
{
	char **cells;
	size_t cap;

	if (t->ncells == t->cap) {
		cap = t->cap ? 2 * t->cap : 4 * t->ncols;
		cells = realloc(t->cells, cap * sizeof(*cells));
		if (!cells)
			return -1;
		t->cells = cells;
		t->cap = cap;
	}
	t->cells[t->ncells++] = cell;
	return 0;
}

static void table_add(struct table *t, char *cell)
{
	if (!cell || table_append(t, cell)) {
		free(cell);
		t->broken = true;
	}
}

struct table *table_new(const char *const *headers, size_t ncols)
{
	struct table *t;
	size_t i;

	if (!ncols)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ncols = ncols;
	for (i = 0; i < ncols; i++)
		table_add(t, strdup(headers[i]));
	if (t->broken) {
		table_free(t);
		return NULL;
	}
	return t;
}

void table_free(struct table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

void table_cell(struct table *t, const char *fmt, ...)
{
	char *cell;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&cell, fmt, ap);
	va_end(ap);
	table_add(t, n < 0 ? NULL : cell);
}

int table_print(const struct table *t, FILE *out)
{
	size_t *width, i, row, col, last, len;

	if (t->broken || t->ncells % t->ncols)
		return -1;
	width = calloc(t->ncols, sizeof(*width));
	if (!width)
		return -1;
	for (i = 0; i < t->ncells; i++) {
		len = strlen(t->cells[i]);
		if (len > width[i % t->ncols])
			width[i % t->ncols] = len;
	}
	for (row = 0; row < t->ncells; row += t->ncols) {
		/* Empty cells at the end of a row are not padded. */
		for (last = t->ncols - 1; last > 0; last--)
			if (t->cells[row + last][0])
				break;
		for (col = 0; col < last; col++)
			fprintf(out, "%-*s  ", (int)width[col],
				t->cells[row + col]);
		fprintf(out, "%s\n", t->cells[row + last]);
	}
	free(width);
	return 0;
}
