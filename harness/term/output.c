/* output.c - what a person sees on the terminal, in the manner of hyperfine: per scenario
 * the median and spread, CPU, the verdict, a timeline of the threads (the tables at the
 * end are output_summary.c's). It formats gb_result values and measures nothing
 * (progress.c draws the progress line). */
#include "term/output.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "measure/pivot.h"
#include "measure/scaling.h"
#include "term/ansi.h"
#include "util/signals.h"
#include "util/text.h"
#include "util/units.h"

static int locale_is_utf8(void)
{
    const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};

    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);

        if (v && *v)
            return strcasestr(v, "utf-8") != NULL || strcasestr(v, "utf8") != NULL;
    }
    return 0;
}

void gb_output_opts_init(gb_output_opts *o, FILE *out)
{
    const char *term = getenv("TERM");

    o->color = isatty(fileno(out)) && !getenv("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
    o->unicode = locale_is_utf8();
    o->width = 60;
}

/* ---- per scenario --------------------------------------------------------------------- */

void gb_output_scenario_header(FILE *out, const gb_scenario *s, size_t index, size_t total,
                               const gb_output_opts *o)
{
    /* a file's text is made safe to print: no control character reaches the terminal */
    fputs(gb_ansi(o, BOLD), out);
    gb_text_put_safe(out, s->name);
    fprintf(out, "%s [%zu/%zu]", gb_ansi(o, RESET), index, total);
    if (s->description && s->description[0]) {
        fprintf(out, " %s", gb_ansi(o, DIM));
        gb_text_put_safe(out, s->description);
        fputs(gb_ansi(o, RESET), out);
    }
    fputc('\n', out);
}

/* "SIGABRT", or "signal 42" for one the table does not know. */
static const char *signal_text(int sig, char *buf, size_t size)
{
    const char *name = gb_signal_name(sig);

    if (name)
        return name;
    snprintf(buf, size, "signal %d", sig);
    return buf;
}

/* "  Label:" padded so that every value starts in the same column. */
static void label(FILE *out, const char *text)
{
    fputs("  ", out);
    gb_text_pad(out, text, 23, 0);
}

enum {
    CELL_NONE,
    CELL_WAIT_START,
    CELL_WORK,
    CELL_WAIT_GIL,
    CELL_BLOCKED,
    CELL_HELD,      /* the evidence of the GIL (docs/report.md): holds it */
    CELL_RELEASED,  /* runs without it */
    CELL_WOKEN,     /* the GIL is free for it, no CPU is */
    CELL_ELSEWHERE, /* without it, blocked elsewhere: sleeps, waits for I/O or a lock */
    NCELLS
};
static const char *const glyph_u[NCELLS] = {" ", "░", "█", "▒", "▓", "█", "▄", "┄", "╌"};
static const char *const glyph_a[NCELLS] = {" ", "-", "#", "=", "+", "#", "o", ".", "_"};

/* The states of a lane the evidence can give: its changes of state, and one before. */
#define GB_TIMELINE_SPANS 520

typedef struct span {
    int64_t from, to;
    int state;
} span;

/* One lane of the timeline: each cell shows the state covering most of it; a state
 * longer than 2 % of the wall that won no cell still gets one, so short waits are seen. */
static void draw_lane(FILE *out, const char *label, int labelw, const span *spans, size_t n,
                      double wall, int width, const gb_output_opts *o)
{
    const char *const *glyph = o->unicode ? glyph_u : glyph_a;
    int cells[512];

    for (int x = 0; x < width; x++) {
        double a = wall * x / width, b = wall * (x + 1) / width, covered = 0, best = 0;

        cells[x] = CELL_NONE;
        for (size_t i = 0; i < n; i++) {
            double lo = fmax(a, (double)spans[i].from), hi = fmin(b, (double)spans[i].to);

            if (hi <= lo)
                continue;
            covered += hi - lo;
            if (hi - lo > best) {
                best = hi - lo;
                cells[x] = spans[i].state;
            }
        }
        if ((b - a) - covered > best) /* mostly before the start or after the return */
            cells[x] = CELL_NONE;
    }
    for (size_t i = 0; i < n; i++) {
        double len = (double)(spans[i].to - spans[i].from);
        int shown = 0, x;

        for (x = 0; x < width; x++)
            shown |= cells[x] == spans[i].state;
        if (!shown && len > 0.02 * wall) {
            x = (int)((double)spans[i].from / wall * width);
            cells[x < 0 ? 0 : x >= width ? width - 1 : x] = spans[i].state;
        }
    }
    fputs("    ", out);
    gb_text_pad(out, label, labelw, 0);
    fputs(" |", out);
    for (int x = 0; x < width; x++) {
        const char *col = cells[x] == CELL_WORK || cells[x] == CELL_RELEASED ? gb_ansi(o, GREEN)
                          : cells[x] == CELL_HELD                            ? gb_ansi(o, CYAN)
                          : cells[x] == CELL_WAIT_GIL                        ? gb_ansi(o, RED)
                          : cells[x] == CELL_WAIT_START || cells[x] == CELL_WOKEN
                              ? gb_ansi(o, YELLOW)
                          : cells[x] == CELL_BLOCKED ? gb_ansi(o, RED)
                                                     : "";
        fprintf(out, "%s%s%s", col, glyph[cells[x]], *col ? gb_ansi(o, RESET) : "");
    }
    fputs("|\n", out);
}

/* Thread k's states from the evidence of the GIL, clipped to [start, return]: waiting to
 * start until its first change; 0 when the run has none for it. */
static size_t gil_spans(const gb_run *run, size_t k, span *out, size_t cap)
{
    static const int cell_of[] = {CELL_NONE,     CELL_HELD,  CELL_RELEASED,
                                  CELL_WAIT_GIL, CELL_WOKEN, CELL_ELSEWHERE};
    const gb_thread_times *t = &run->threads[k];
    int64_t at = t->start_ns;
    int state = CELL_WAIT_START;
    size_t n = 0;

    if (!(run->evidence & GB_EVIDENCE_GIL))
        return 0;
    for (size_t i = 0; i <= run->ngil_events && n + 1 < cap; i++) {
        const gb_gil_event *ev = i < run->ngil_events ? &run->gil_events[i] : NULL;
        int64_t to = ev ? ev->at_ns : t->return_ns;

        if (ev && ev->thread != k)
            continue;
        if (to > t->return_ns)
            to = t->return_ns;
        if (to > at) {
            out[n++] = (span){at, to, state};
            at = to;
        }
        if (ev)
            state = ev->state < GB_GIL_NSTATES ? cell_of[ev->state] : CELL_NONE;
    }
    return n > 1 || (n == 1 && out[0].state != CELL_WAIT_START) ? n : 0;
}

void gb_output_timeline(FILE *out, const gb_run *run, const gb_scenario *s, const gb_output_opts *o)
{
    const char *const *glyph = o->unicode ? glyph_u : glyph_a;
    int evidence = 0;
    int width = o->width > 0 ? (o->width > 512 ? 512 : o->width) : 60;
    double wall = (double)run->wall_ns;
    size_t n = run->nthreads < 64 ? run->nthreads : 64;
    int labelw = 4, main_lane = 0;
    char desc[64][48];
    span main_spans[64];

    if (wall <= 0 || !run->threads)
        return;
    for (size_t k = 0; k < n; k++) {
        char d[160], full[200];

        if (s && k < s->nthreads)
            gb_thread_describe(&s->threads[k], d, sizeof d);
        else
            snprintf(d, sizeof d, "thread");
        snprintf(full, sizeof full, "%s %s",
                 s && k < s->nthreads && s->threads[k].label ? s->threads[k].label : "t", d);
        gb_text_safe(desc[k], sizeof desc[k], full);
        if (gb_text_width(desc[k]) > labelw)
            labelw = gb_text_width(desc[k]);
        /* the starting thread, blocked in start() until it gets the GIL back */
        main_spans[k] = (span){run->threads[k].start_ns, run->threads[k].started_ns, CELL_BLOCKED};
        if (run->threads[k].started_ns - run->threads[k].start_ns > 0.02 * wall)
            main_lane = 1;
    }
    if (main_lane)
        draw_lane(out, "main", labelw, main_spans, n, wall, width, o);
    for (size_t k = 0; k < n; k++) {
        const gb_thread_times *t = &run->threads[k];
        span spans[GB_TIMELINE_SPANS] = {{t->start_ns, t->enter_ns, CELL_WAIT_START},
                                         {t->enter_ns, t->done_ns, CELL_WORK},
                                         {t->done_ns, t->return_ns, CELL_WAIT_GIL}};
        size_t ns = gil_spans(run, k, spans, GB_TIMELINE_SPANS);

        evidence |= ns > 0;
        draw_lane(out, desc[k], labelw, spans, ns ? ns : 3, wall, width, o);
    }
    if (evidence)
        fprintf(out,
                "    %*s  %s holds the GIL  %s runs without it  %s blocked elsewhere (sleep, I/O)  "
                "%s waits for the GIL  %s GIL free, waits for a CPU  %s waiting to start",
                labelw, "", glyph[CELL_HELD], glyph[CELL_RELEASED], glyph[CELL_ELSEWHERE],
                glyph[CELL_WAIT_GIL], glyph[CELL_WOKEN], glyph[CELL_WAIT_START]);
    else
        fprintf(out, "    %*s  %s working  %s waiting to start  %s waiting for the GIL back",
                labelw, "", glyph[CELL_WORK], glyph[CELL_WAIT_START], glyph[CELL_WAIT_GIL]);
    if (main_lane)
        fprintf(out, "  %s main blocked in start()", glyph[CELL_BLOCKED]);
    fputc('\n', out);
}

/* "GIL: waited 1.00 x what a serial run loses (serial), held up to 100 % of the work;
 * waited for a CPU 31 % of the work": the evidence behind the verdict (docs/report.md). */
static void evidence_line(FILE *out, const gb_result *r)
{
    const char *sep = "";

    label(out, "GIL evidence:");
    if (r->basis == GB_BASIS_TOO_SHORT) {
        fputs("too little work to tell (inconclusive)", out);
        sep = "; ";
    } else if (isfinite(r->gil_wait_ratio)) {
        fprintf(out, "waited %.2f x what a serial run loses", r->gil_wait_ratio);
        sep = "; ";
    }
    if (isfinite(r->gil_held_share_max)) {
        fprintf(out, "%sheld %.0f %% of the work%s", sep, 100 * r->gil_held_share_max,
                r->basis == GB_BASIS_HELD ? " (sampled)" : "");
        sep = "; ";
    }
    if (isfinite(r->cpu_wait_share))
        fprintf(out, "%swaited for a CPU %.0f %% of the work", sep, 100 * r->cpu_wait_share);
    fputc('\n', out);
}

static const char *expected_text(const gb_scenario *s)
{
    if (s->expect.crash)
        return "crash";
    if (s->expect.verdict)
        return gb_verdict_name(s->expect.verdict);
    return NULL;
}

/* The last max_lines lines of the worker's stderr, indented by four spaces. */
static void print_tail(FILE *out, const char *tail, int max_lines)
{
    const char *p = tail;
    int lines = 0;

    if (!tail || !*tail)
        return;
    for (const char *q = tail; *q; q++)
        lines += *q == '\n' && q[1] != '\0'; /* a final newline ends a line, not starts one */
    lines++;
    for (int skip = lines - max_lines; skip > 0 && p; skip--) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    while (p && *p) {
        size_t n = strcspn(p, "\n");

        if (n) {
            char *line = strndup(p, n);

            fputs("    ", out);
            gb_text_put_safe(out, line ? line : "?"); /* a worker's output: made safe */
            fputc('\n', out);
            free(line);
        } else
            fputc('\n', out);
        p += n;
        if (*p == '\n')
            p++;
    }
}

/* What ended the worker when the runner left no message: "killed by SIGABRT". */
static const char *crash_text(const gb_result *r, char *buf, size_t size)
{
    char sig[32];

    if (r->message)
        return gb_text_safe(buf, size, r->message);
    if (r->term_signal)
        snprintf(buf, size, "killed by %s", signal_text(r->term_signal, sig, sizeof sig));
    else
        snprintf(buf, size, "worker exited with status %d", r->exit_status);
    return buf;
}

/* The status line(s) under a scenario: nothing when it went as expected. */
static void print_status(FILE *out, const gb_result *r, const gb_output_opts *o)
{
    const gb_scenario *s = r->scenario;
    const char *cross = o->unicode ? "✗" : "x";
    const char *tick = o->unicode ? "✓" : "ok:";
    char buf[1024], code[16], safe[1024];
    int planned = s ? (s->max_runs > s->runs ? s->max_runs : s->runs) + s->warmup : 0;
    /* the message may quote an exception raised by the scenario's code: made safe */
    const char *message = r->message ? gb_text_safe(safe, sizeof safe, r->message) : NULL;

    switch (r->status) {
    case GB_STATUS_OK:
        break;
    case GB_STATUS_EXPECTED_CRASH:
        fprintf(out, "  %s%s crashed as expected%s: %s\n", gb_ansi(o, GREEN), tick,
                gb_ansi(o, RESET), crash_text(r, buf, sizeof buf));
        break;
    case GB_STATUS_EXPECTATION_FAILED:
        fprintf(out, "  %s%s expectation failed%s: %s\n", gb_ansi(o, RED), cross, gb_ansi(o, RESET),
                message ? message : "see the verdict above");
        break;
    case GB_STATUS_CRASHED:
        if (r->exit_status >= 0)
            snprintf(code, sizeof code, "%d", r->exit_status);
        else
            snprintf(code, sizeof code, "-");
        fprintf(out, "  %s%s crashed%s: %s (exit status %s, %zu of %d runs completed)\n",
                gb_ansi(o, RED), cross, gb_ansi(o, RESET), crash_text(r, buf, sizeof buf), code,
                r->nruns, planned);
        print_tail(out, r->stderr_tail, 5);
        break;
    case GB_STATUS_TIMEOUT:
        if (message)
            fprintf(out, "  %s%s timed out%s: %s\n", gb_ansi(o, RED), cross, gb_ansi(o, RESET),
                    message);
        else
            fprintf(out, "  %s%s timed out after %g s%s: worker killed\n", gb_ansi(o, RED), cross,
                    s ? s->timeout : 0.0, gb_ansi(o, RESET));
        break;
    case GB_STATUS_ERROR:
        fprintf(out, "  %s%s error%s: %s\n", gb_ansi(o, RED), cross, gb_ansi(o, RESET),
                message ? message : "unknown");
        break;
    case GB_STATUS_INTERRUPTED:
        if (message)
            fprintf(out, "  %s\n", message);
        else
            fprintf(out, "  interrupted after %zu run%s\n", r->nruns, r->nruns == 1 ? "" : "s");
        break;
    case GB_STATUS_NOT_RUN:
        fprintf(out, "  not run\n");
        break;
    }
}

/* One distinct exit code: its value (a signal: INT64_MIN), its first run, how many runs. */
typedef struct exit_code {
    long long value;
    size_t first, runs;
} exit_code;

static int cmp_code_value(const void *a, const void *b)
{
    const exit_code *x = a, *y = b;

    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static int cmp_code_first(const void *a, const void *b)
{
    const exit_code *x = a, *y = b;

    return x->first < y->first ? -1 : x->first > y->first;
}

/* A command scenario's exit codes, e.g. "exit status 0 in every run" or "exit statuses
 * 1 (3 runs), 0 (2 runs)": hyperfine records one per measured run (null: a signal). Counted
 * by sorting, O(n log n); listed in the order they first came. */
static const char *exit_codes_text(const gb_result *r, char *buf, size_t size)
{
    json_t *codes = json_object_get(r->process, "exit_codes"), *v;
    size_t i, len = 0, distinct = 0, n = json_array_size(codes);
    exit_code *c = calloc(n + 1, sizeof *c);
    char list[200] = "";

    json_array_foreach(codes, i, v)
    {
        if (!c)
            break;
        c[i].value = json_is_integer(v) ? (long long)json_integer_value(v) : LLONG_MIN;
        c[i].first = i;
    }
    if (c) {
        qsort(c, n, sizeof *c, cmp_code_value);
        for (i = 0; i < n; i++) {
            if (distinct && c[distinct - 1].value == c[i].value) {
                c[distinct - 1].runs++;
                continue;
            }
            c[distinct] = c[i];
            c[distinct++].runs = 1;
        }
        qsort(c, distinct, sizeof *c, cmp_code_first);
    }
    for (i = 0; i < distinct; i++) {
        size_t same = c[i].runs;

        if (c[i].value != LLONG_MIN)
            len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0,
                                    "%s%lld (%zu run%s)", len ? ", " : "", c[i].value, same,
                                    same == 1 ? "" : "s");
        else
            len += (size_t)snprintf(list + len, len < sizeof list ? sizeof list - len : 0,
                                    "%sa signal (%zu run%s)", len ? ", " : "", same,
                                    same == 1 ? "" : "s");
    }
    free(c);
    if (distinct == 1 && json_is_integer(json_array_get(codes, 0)))
        snprintf(buf, size, "exit status %lld in every run",
                 (long long)json_integer_value(json_array_get(codes, 0)));
    else if (distinct)
        snprintf(buf, size, "exit statuses %s", list);
    else
        snprintf(buf, size, "no exit status recorded");
    return buf;
}

void gb_output_result(FILE *out, const gb_result *r, const gb_output_opts *o)
{
    const gb_scenario *s = r->scenario;

    if (r->measure != GB_MEASURE_WALL) {
        gb_output_counts(out, r, o);
    } else if (r->wall.n > 0) {
        gb_unit u = gb_unit_for(r->wall.median, o->unicode);
        char med[32], sd[32], lo[32], hi[32], us[32], sy[32];
        const gb_run *mr = gb_result_median_run(r);
        size_t warmup = r->nruns - r->wall.n;

        gb_format_time(med, sizeof med, r->wall.median, u);
        gb_format_time(sd, sizeof sd, r->wall.stddev, u);
        gb_format_time(lo, sizeof lo, r->wall.min, u);
        gb_format_time(hi, sizeof hi, r->wall.max, u);
        gb_format_time(us, sizeof us, r->user.median, u);
        gb_format_time(sy, sizeof sy, r->sys.median, u);
        label(out, o->unicode ? "Time (median ± σ):" : "Time (median +- sd):");
        fprintf(out, "%s%s%s %s %s    [User: %s, System: %s (medians)]\n", gb_ansi(o, BOLD), med,
                gb_ansi(o, RESET), o->unicode ? "±" : "+-", sd, us, sy);
        label(out, o->unicode ? "Range (min … max):" : "Range (min ... max):");
        fprintf(out, "%s %s %s    %zu run%s%s", lo, o->unicode ? "…" : "...", hi, r->wall.n,
                r->wall.n == 1 ? "" : "s", warmup ? "" : "\n");
        if (warmup)
            fprintf(out, ", %zu warmup\n", warmup);
        if (r->wall.n >= 2) {
            char clo[32], chi[32];

            gb_format_time(clo, sizeof clo, r->median_lo, u);
            gb_format_time(chi, sizeof chi, r->median_hi, u);
            label(out, "Median 95% CI:");
            fprintf(out, "%s %s %s", clo, o->unicode ? "…" : "...", chi);
            if (r->wall.median > 0 && isfinite(r->median_hi - r->median_lo))
                fprintf(out, "   %s%.1f %%", o->unicode ? "±" : "+-",
                        100 * (r->median_hi - r->median_lo) / 2 / r->wall.median);
            if (r->outliers)
                fprintf(out, "   %zu outlier%s", r->outliers, r->outliers == 1 ? "" : "s");
            if (r->stop_reason && strcmp(r->stop_reason, "runs") != 0)
                fprintf(out, "   (%s)",
                        strcmp(r->stop_reason, "precision") == 0 ? "precision reached"
                                                                 : "stopped at --max-runs");
            fputc('\n', out);
        }
        if (s && s->nthreads > 1) {
            label(out, "Parallelism:");
            fprintf(out, "%.2f CPU/wall   overlap %.0f %%   serial score ", r->parallelism.median,
                    r->overlap_share.median * 100);
            if (isnan(r->serial_score))
                fputs("-\n", out);
            else
                fprintf(out, "%.2f\n", r->serial_score);
        }
        if (s && s->kind == GB_SCENARIO_COMMAND) {
            char codes[256];

            label(out, "Process:");
            fprintf(out, "whole command timed by hyperfine, %s\n",
                    exit_codes_text(r, codes, sizeof codes));
        } else {
            label(out, "Verdict:");
            fprintf(out, "%s%s%s", gb_ansi(o, CYAN), gb_verdict_name(r->verdict),
                    gb_ansi(o, RESET));
            if (s && expected_text(s) && !s->expect.crash)
                fprintf(out, "   (expected %s)", expected_text(s));
            fputc('\n', out);
        }
        if (s && s->kind != GB_SCENARIO_COMMAND && r->basis != GB_BASIS_TIMING)
            evidence_line(out, r);
        if (isfinite(r->baseline_ratio) && s && s->baseline) {
            label(out, "Baseline:");
            fprintf(out, "%.2f x %s\n", r->baseline_ratio, s->baseline);
        }
        if (mr && s && s->nthreads > 0) {
            char w[32];

            gb_format_time(w, sizeof w, (double)mr->wall_ns * 1e-9, u);
            fprintf(out, "  Timeline (run %d, nearest the median, %s):\n",
                    mr->index + 1 - (int)warmup, w);
            gb_output_timeline(out, mr, s, o);
        }
    }
    print_status(out, r, o);
    fputc('\n', out);
}
