/* export_csv.c - the CSV formats: a row per run, per scenario, per thread and run.
 * RFC 4180 (CRLF, quotes only when needed), C locale numbers, units in column names,
 * seconds and ratios with nine fixed decimals (never an exponent, which spreadsheets read
 * as text in some locales), warmup as 0 or 1; an empty field where there is no figure (the
 * times of a counted run: it measured instructions, not time). */
#include "measure/counts.h"
#include "measure/evidence.h"
#include "report/export.h"

#include <math.h>
#include <string.h>

void gb_csv_field(FILE *out, const char *s)
{
    if (!s)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void sep(FILE *out)
{
    fputc(',', out);
}

static void seconds(FILE *out, double s)
{
    sep(out);
    if (!isnan(s))
        fprintf(out, "%.9f", s);
}

static void ns_as_seconds(FILE *out, int64_t ns)
{
    seconds(out, (double)ns * 1e-9);
}

/* A ratio (parallelism, shares, scores): fixed decimals as the times have. */
static void number(FILE *out, double v)
{
    sep(out);
    if (isfinite(v))
        fprintf(out, "%.9f", v);
}

/* A count (of waits...), a whole number; empty when not known. */
static void count(FILE *out, int known, int64_t v)
{
    sep(out);
    if (known)
        fprintf(out, "%lld", (long long)v);
}

static void text(FILE *out, const char *s)
{
    sep(out);
    gb_csv_field(out, s);
}

static const char *name_of(const gb_result *r)
{
    return r->scenario ? r->scenario->name : "?";
}

static int finish(FILE *out, gb_error *err)
{
    if (ferror(out)) {
        gb_error_set(err, NULL, 0, 0, NULL, "write error");
        return -1;
    }
    return 0;
}

int gb_export_csv_runs(const gb_report *rep, FILE *out, gb_error *err)
{
    fputs("scenario,run,warmup,wall_s,user_s,sys_s,parallelism,overlap_share,serial_score,"
          "verdict,threads,measure,instructions,cycles\r\n",
          out);
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];

        for (size_t j = 0; j < r->nruns; j++) {
            const gb_run *run = &r->runs[j];

            int timed = r->measure == GB_MEASURE_WALL;

            gb_csv_field(out, name_of(r));
            fprintf(out, ",%d,%d", run->index + 1, run->warmup ? 1 : 0);
            seconds(out, timed ? (double)run->wall_ns * 1e-9 : NAN);
            seconds(out, timed ? (double)run->user_ns * 1e-9 : NAN);
            seconds(out, timed ? (double)run->sys_ns * 1e-9 : NAN);
            number(out, run->parallelism);
            number(out, run->overlap_share);
            number(out, run->serial_score);
            text(out, timed ? gb_verdict_name(run->verdict) : "");
            fprintf(out, ",%zu", run->nthreads);
            text(out, gb_measure_name(r->measure));
            count(out, run->counted, gb_run_instructions(run));
            count(out, run->counted && gb_run_cycles(run) >= 0, gb_run_cycles(run));
            fputs("\r\n", out);
        }
    }
    return finish(out, err);
}

int gb_export_csv_threads(const gb_report *rep, FILE *out, gb_error *err)
{
    fputs("scenario,run,warmup,thread,start_s,started_s,enter_s,done_s,return_s,cpu_s,"
          "wait_start_s,wait_gil_s,gil_wait_s,gil_waits,gil_held_share,run_delay_s,instructions,"
          "cycles\r\n",
          out);
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];

        for (size_t j = 0; j < r->nruns; j++) {
            const gb_run *run = &r->runs[j];

            for (size_t k = 0; k < run->nthreads; k++) {
                const gb_thread_times *t = &run->threads[k];
                int gil = (run->evidence & GB_EVIDENCE_GIL) != 0;
                char label[32];

                snprintf(label, sizeof label, "t%zu", k + 1);
                gb_csv_field(out, name_of(r));
                fprintf(out, ",%d,%d", run->index + 1, run->warmup ? 1 : 0);
                text(out, r->scenario && k < r->scenario->nthreads ? r->scenario->threads[k].label
                                                                   : label);
                ns_as_seconds(out, t->start_ns);
                ns_as_seconds(out, t->started_ns);
                ns_as_seconds(out, t->enter_ns);
                ns_as_seconds(out, t->done_ns);
                ns_as_seconds(out, t->return_ns);
                ns_as_seconds(out, t->cpu_ns);
                ns_as_seconds(out, t->enter_ns - t->start_ns);
                ns_as_seconds(out, t->return_ns - t->done_ns);
                /* the evidence (docs/report.md), empty where not measured */
                seconds(out, gil ? (double)t->gil_wait_ns * 1e-9 : NAN);
                count(out, gil, t->gil_waits);
                number(out, gb_evidence_held_share(run, k));
                seconds(out,
                        run->evidence & GB_EVIDENCE_CPU ? (double)t->run_delay_ns * 1e-9 : NAN);
                count(out, run->counted, t->instructions);
                count(out, run->counted && t->cycles >= 0, t->cycles);
                fputs("\r\n", out);
            }
        }
    }
    return finish(out, err);
}

int gb_export_csv_summary(const gb_report *rep, FILE *out, gb_error *err)
{
    fputs("scenario,file,status,verdict,expected_verdict,runs,wall_median_s,wall_mean_s,"
          "wall_stddev_s,wall_min_s,wall_max_s,user_mean_s,sys_mean_s,parallelism_median,"
          "overlap_share_median,serial_score,baseline,baseline_ratio,wall_median_ci_low_s,"
          "wall_median_ci_high_s,outliers,stopped_because,message,measure,instructions_median,"
          "instructions_spread,cycles_median\r\n",
          out);
    for (size_t i = 0; i < rep->nresults; i++) {
        const gb_result *r = &rep->results[i];
        const gb_scenario *s = r->scenario;

        gb_csv_field(out, name_of(r));
        text(out, s ? s->file : "");
        text(out, gb_status_name(r->status));
        text(out, r->wall.n ? gb_verdict_name(r->verdict) : "");
        text(out, s && s->expect.crash     ? "crash"
                  : s && s->expect.verdict ? gb_verdict_name(s->expect.verdict)
                                           : "");
        fprintf(out, ",%zu", r->measure == GB_MEASURE_WALL ? r->wall.n : r->instructions.n);
        seconds(out, r->wall.median);
        seconds(out, r->wall.mean);
        seconds(out, r->wall.stddev);
        seconds(out, r->wall.min);
        seconds(out, r->wall.max);
        seconds(out, r->user.mean);
        seconds(out, r->sys.mean);
        number(out, r->parallelism.median);
        number(out, r->overlap_share.median);
        number(out, r->serial_score);
        text(out, s && s->baseline ? s->baseline : "");
        number(out, r->baseline_ratio);
        seconds(out, r->median_lo);
        seconds(out, r->median_hi);
        fprintf(out, ",%zu", r->outliers);
        text(out, r->stop_reason ? r->stop_reason : "");
        text(out, r->message ? r->message : "");
        text(out, gb_measure_name(r->measure));
        number(out, r->measure != GB_MEASURE_WALL ? r->instructions.median : NAN);
        number(out, r->measure != GB_MEASURE_WALL ? gb_counts_spread(&r->instructions) : NAN);
        number(out, r->measure != GB_MEASURE_WALL ? r->cycles.median : NAN);
        fputs("\r\n", out);
    }
    return finish(out, err);
}
