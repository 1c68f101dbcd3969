/* pivot.c - a sweep's scenarios as an implementation x scenario table (see
 * pivot.h). Rows and columns keep the order in which the report first has them. */
#include "measure/pivot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/sweep.h"

/* The index of name in list[0..n-1], appended (a copy) when absent; -1 without memory. */
static long intern(char ***list, size_t *n, const char *name)
{
    char **grown, *copy;

    for (size_t i = 0; i < *n; i++)
        if (strcmp((*list)[i], name) == 0)
            return (long)i;
    grown = realloc(*list, (*n + 1) * sizeof **list);
    if (!grown)
        return -1;
    *list = grown;
    copy = strdup(name);
    if (!copy)
        return -1;
    grown[*n] = copy;
    return (long)(*n)++;
}

/* base and the parameters other than param: "gil+gil", "gil+gil[n=5,start=barrier]". */
static void column_name(const char *base, json_t *params, const char *param, char *buf, size_t size)
{
    const char *key;
    json_t *v;
    size_t len = (size_t)snprintf(buf, size, "%s", base);
    int first = 1;

    json_object_foreach(params, key, v)
    {
        char text[128];

        if (strcmp(key, param) == 0 || len >= size)
            continue;
        gb_sweep_value_text(v, text, sizeof text);
        len += (size_t)snprintf(buf + len, size - len, "%s%s=%s", first ? "[" : ",", key, text);
        first = 0;
    }
    if (!first && len < size)
        snprintf(buf + len, size - len, "]");
}

/* The row and column of one result (-1, -1 when it came from no sweep over param): the
 * cells are made once every row and column is known. 0, or -1 without memory. */
static int place(gb_pivot *pv, const gb_result *r, const char *param, long *row, long *col)
{
    char base[256], name[512], value[128];
    json_t *params, *v;

    *row = *col = -1;
    if (gb_sweep_of(r, base, sizeof base, &params) != 0)
        return 0;
    v = json_object_get(params, param);
    if (v) {
        gb_sweep_value_text(v, value, sizeof value);
        column_name(base, params, param, name, sizeof name);
        *row = intern(&pv->rows, &pv->nrows, value);
        *col = *row < 0 ? -1 : intern(&pv->cols, &pv->ncols, name);
    }
    json_decref(params);
    return v && (*row < 0 || *col < 0) ? -1 : 0;
}

int gb_pivot_build(const gb_report *rep, const char *param, const char *ref, gb_pivot *pv)
{
    long *where = NULL;
    size_t ncells = 0;

    memset(pv, 0, sizeof *pv);
    pv->solo_col = GB_PIVOT_NONE;
    if (!rep->nresults)
        return 0;
    where = malloc(2 * rep->nresults * sizeof *where);
    if (!where)
        return -1;
    for (size_t i = 0; i < rep->nresults; i++) {
        if (place(pv, &rep->results[i], param, &where[2 * i], &where[2 * i + 1]) != 0)
            goto no_memory;
        ncells += where[2 * i] >= 0;
    }
    if (ncells < 2) {
        free(where);
        gb_pivot_clear(pv);
        return 0;
    }
    pv->cells = calloc(pv->nrows * pv->ncols, sizeof *pv->cells);
    if (!pv->cells)
        goto no_memory;
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];
        const gb_result **cell;

        if (where[2 * i] < 0)
            continue;
        cell = &pv->cells[(size_t)where[2 * i] * pv->ncols + (size_t)where[2 * i + 1]];
        if (!*cell) /* the first of two of the same name (another file's): the report's order */
            *cell = r;
        /* GB_PIVOT_NONE is the largest size_t */
        if (r->scenario && r->scenario->nthreads == 1 && (size_t)where[2 * i + 1] < pv->solo_col)
            pv->solo_col = (size_t)where[2 * i + 1];
    }
    for (size_t row = 0; row < pv->nrows; row++)
        if (ref && strcmp(pv->rows[row], ref) == 0)
            pv->ref_row = row;
    free(where);
    return 1;

no_memory:
    free(where);
    gb_pivot_clear(pv);
    return -1;
}

const gb_result *gb_pivot_cell(const gb_pivot *pv, size_t row, size_t col)
{
    if (!pv->cells || row >= pv->nrows || col >= pv->ncols)
        return NULL;
    return pv->cells[row * pv->ncols + col];
}

double gb_pivot_solo_ratio(const gb_pivot *pv, size_t row)
{
    const gb_result *mine, *ref;

    if (pv->solo_col == GB_PIVOT_NONE)
        return NAN;
    mine = gb_pivot_cell(pv, row, pv->solo_col);
    ref = gb_pivot_cell(pv, pv->ref_row, pv->solo_col);
    if (!mine || !ref || !mine->wall.n || !ref->wall.n || !(ref->wall.median > 0))
        return NAN;
    return mine->wall.median / ref->wall.median;
}

const char *gb_pivot_cell_word(const gb_result *r, int *failed)
{
    *failed = r && gb_status_is_failure(r->status);
    if (!r)
        return "-";
    if (r->wall.n && (r->status == GB_STATUS_OK || r->status == GB_STATUS_EXPECTATION_FAILED))
        return gb_verdict_name(r->verdict);
    switch (r->status) {
    case GB_STATUS_EXPECTED_CRASH:
        return gb_status_name(GB_STATUS_CRASHED);
    case GB_STATUS_INTERRUPTED:
        return r->wall.n ? gb_verdict_name(r->verdict) : gb_status_name(r->status);
    case GB_STATUS_NOT_RUN:
        return "not run";
    default:
        return gb_status_name(r->status);
    }
}

void gb_pivot_clear(gb_pivot *pv)
{
    for (size_t i = 0; i < pv->nrows; i++)
        free(pv->rows[i]);
    for (size_t i = 0; i < pv->ncols; i++)
        free(pv->cols[i]);
    free(pv->rows);
    free(pv->cols);
    free(pv->cells);
    memset(pv, 0, sizeof *pv);
    pv->solo_col = GB_PIVOT_NONE;
}
