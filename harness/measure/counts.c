/* counts.c - the cache model and the summary of counted runs (see counts.h). */
#include "measure/counts.h"

#include <math.h>
#include <stdlib.h>

#include "measure/stats.h"

int64_t gb_counts_cycles(int64_t accesses, int64_t l1_misses, int64_t ll_misses)
{
    if (accesses < 0 || l1_misses < ll_misses || ll_misses < 0 || accesses < l1_misses)
        return -1;
    return GB_CYCLES_L1_HIT * (accesses - l1_misses) + GB_CYCLES_LL_HIT * (l1_misses - ll_misses) +
           GB_CYCLES_MEMORY * ll_misses;
}

int64_t gb_run_instructions(const gb_run *run)
{
    int64_t sum = 0;

    if (!run->counted)
        return -1;
    for (size_t k = 0; k < run->nthreads; k++)
        sum += run->threads[k].instructions;
    return sum;
}

int64_t gb_run_cycles(const gb_run *run)
{
    int64_t sum = 0;

    if (!run->counted)
        return -1;
    for (size_t k = 0; k < run->nthreads; k++) {
        if (run->threads[k].cycles < 0)
            return -1;
        sum += run->threads[k].cycles;
    }
    return sum;
}

void gb_counts_summarise(gb_result *r)
{
    double *ins = calloc(r->nruns + 1, sizeof *ins), *cyc = calloc(r->nruns + 1, sizeof *cyc);
    size_t n = 0, ncycles = 0;

    if (r->measure == GB_MEASURE_WALL) {
        r->instructions = r->cycles = gb_stats_summarise(NULL, 0);
        free(ins);
        free(cyc);
        return;
    }
    for (size_t i = 0; ins && cyc && i < r->nruns; i++) {
        gb_run *run = &r->runs[i];

        /* a counted run says nothing of time or of the GIL (its threads ran one at a time
         * under valgrind): no verdict, no evidence, no events of its own */
        run->verdict = GB_VERDICT_NONE;
        run->serial_score = run->gil_wait_ratio = run->cpu_wait_share = NAN;
        run->evidence = 0;
        run->gil_switches = 0;
        free(run->gil_events);
        run->gil_events = NULL;
        run->ngil_events = 0;
        if (run->warmup || !run->counted)
            continue;
        ins[n++] = (double)gb_run_instructions(run);
        if (gb_run_cycles(run) >= 0)
            cyc[ncycles++] = (double)gb_run_cycles(run);
    }
    r->instructions = gb_stats_summarise(ins, n);
    r->cycles = gb_stats_summarise(cyc, ncycles);
    r->wall = r->user = r->sys = r->parallelism = r->overlap_share = gb_stats_summarise(NULL, 0);
    r->serial_score = r->gil_wait_ratio = r->cpu_wait_share = r->gil_held_share_max = NAN;
    r->median_lo = r->median_hi = r->canary_median = NAN;
    r->verdict = GB_VERDICT_NONE;
    r->basis = GB_BASIS_TIMING;
    r->outliers = 0;
    free(ins);
    free(cyc);
}

double gb_counts_spread(const gb_summary *s)
{
    if (s->n == 0 || !(s->median > 0))
        return NAN;
    return (s->max - s->min) / s->median;
}
