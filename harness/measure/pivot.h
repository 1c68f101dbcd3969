/* pivot.h - the scenarios of sweeps over one parameter as a table: a row per value
 * of the parameter (the implementation, "module"), a column per scenario (its sweep base),
 * like the seed's table of the same functions written with the C API, pybind11, PyO3 and
 * Cython (docs/peers.md). Built from the report through gb_sweep_of(); nothing here formats
 * a table or runs anything: the terminal output, the markdown and HTML exports draw it. */
#ifndef GB_PIVOT_H
#define GB_PIVOT_H

#include <stddef.h>

#include "util/error.h" /* GB_MUST_USE */
#include "measure/result.h"

/* The parameter the rows are made of, and the row the others are compared with. */
#define GB_PIVOT_PARAM "module"
#define GB_PIVOT_REFERENCE "gilbench"
#define GB_PIVOT_NONE ((size_t)-1)

typedef struct gb_pivot {
    char **rows; /* the parameter's values ("gilbench", "gilbench_pyo3"...), first seen first */
    size_t nrows;
    char **cols; /* the sweep bases, with the other parameters if any: "gil+gil[n=5]" */
    size_t ncols;
    const gb_result **cells; /* nrows x ncols, row by row; NULL where no scenario was */
    size_t ref_row;          /* the reference's row (value GB_PIVOT_REFERENCE), else 0 */
    size_t solo_col;         /* the first column of one-thread scenarios, or GB_PIVOT_NONE */
} gb_pivot;

/* The table of rep's sweeps over param, with the row of value ref as reference (the first
 * row when no row has it). Returns 1 when there is a table (two cells or more), 0 when not
 * (pv is empty then), -1 without memory. gb_pivot_clear() frees it in every case. */
int gb_pivot_build(const gb_report *rep, const char *param, const char *ref,
                   gb_pivot *pv) GB_MUST_USE;

/* The scenario of a row and a column, or NULL. */
const gb_result *gb_pivot_cell(const gb_pivot *pv, size_t row, size_t col);

/* The row's median wall time in the one-thread column over the reference's: how much
 * slower (> 1) or faster this implementation is than the C API alone. NAN when either
 * was not measured. */
double gb_pivot_solo_ratio(const gb_pivot *pv, size_t row);

/* What a cell says besides its median: the verdict when it was measured ("parallel"),
 * else its status ("crashed", "error"...); "-" for no scenario. *failed is set to 1 when
 * the scenario failed (an expectation, a crash...), else 0. Static text. */
const char *gb_pivot_cell_word(const gb_result *r, int *failed);

/* Free what pv owns (not the results); safe on a cleared or failed pivot. */
void gb_pivot_clear(gb_pivot *pv);

#endif
