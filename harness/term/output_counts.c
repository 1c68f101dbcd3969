/* output_counts.c - a counted result on the terminal: the instructions and the estimated
 * cycles over the runs (median, spread; perf_event_open's have no cycles), each thread's
 * median, and what counted them. A counted result has no time and no verdict to show
 * (measure/counts.h); the rest of a scenario's block is output.c's. */
#include <math.h>
#include <stdlib.h>

#include "measure/counts.h"
#include "measure/stats.h"
#include "term/ansi.h"
#include "term/output.h"
#include "util/text.h"
#include "util/units.h"

/* "  Label:" in the column of output.c's labels. */
static void label(FILE *out, const char *text)
{
    fputs("  ", out);
    gb_text_pad(out, text, 23, 0);
}

/* The median of thread k's count (instructions, or cycles when cycles) over the measured
 * counted runs; NAN when none. */
static double thread_median(const gb_result *r, size_t k, int cycles)
{
    double *v = calloc(r->nruns + 1, sizeof *v), m;
    size_t n = 0;

    for (size_t i = 0; v && i < r->nruns; i++) {
        const gb_run *run = &r->runs[i];

        if (!run->warmup && run->counted && k < run->nthreads)
            v[n++] = (double)(cycles ? run->threads[k].cycles : run->threads[k].instructions);
    }
    m = gb_stats_median(v, n);
    free(v);
    return m;
}

/* "1,835,465   spread 0.09 % (1,835,404 ... 1,837,009)" */
static void counts_line(FILE *out, const gb_summary *s, const gb_output_opts *o)
{
    char med[40], lo[40], hi[40];

    gb_format_count(med, sizeof med, s->median);
    gb_format_count(lo, sizeof lo, s->min);
    gb_format_count(hi, sizeof hi, s->max);
    fprintf(out, "%s%s%s   spread %.2f %% (%s %s %s)\n", gb_ansi(o, BOLD), med, gb_ansi(o, RESET),
            100 * gb_counts_spread(s), lo, o->unicode ? "…" : "...", hi);
}

void gb_output_counts(FILE *out, const gb_result *r, const gb_output_opts *o)
{
    const gb_scenario *s = r->scenario;
    size_t warmup = r->nruns - r->instructions.n;

    if (r->instructions.n == 0)
        return;
    label(out, "Instructions (median):");
    counts_line(out, &r->instructions, o);
    if (r->cycles.n == r->instructions.n) {
        label(out, "Est. cycles (median):");
        counts_line(out, &r->cycles, o);
    }
    label(out, "Counted:");
    fprintf(out, "%zu run%s%s under %s, each thread's work only; no time, no GIL verdict\n",
            r->instructions.n, r->instructions.n == 1 ? "" : "s", warmup ? " after warmup" : "",
            r->measure == GB_MEASURE_INSTRUCTIONS ? "callgrind" : "perf_event_open");
    for (size_t k = 0; s && k < s->nthreads; k++) {
        char what[96], ins[40], cyc[40];

        gb_thread_describe(&s->threads[k], what, sizeof what);
        gb_format_count(ins, sizeof ins, thread_median(r, k, 0));
        gb_format_count(cyc, sizeof cyc, thread_median(r, k, 1));
        if (r->cycles.n == r->instructions.n)
            fprintf(out, "    %-6s %-28s %14s instructions  %14s cycles\n",
                    s->threads[k].label ? s->threads[k].label : "?", what, ins, cyc);
        else /* perf_event_open counts no cycles of a cache model */
            fprintf(out, "    %-6s %-28s %14s instructions\n",
                    s->threads[k].label ? s->threads[k].label : "?", what, ins);
    }
}
