/* progress.c - the progress line of `gilbench run` on standard error (see progress.h):
 * when to draw it, its text fitted to the terminal's width, and drawing it in place. */
#include "term/progress.h"

#include "util/clock.h"
#include "term/output.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define BAR_CELLS 20

int gb_progress_wanted(int is_terminal, int quiet, const char *ci)
{
    int in_ci = ci && *ci && strcmp(ci, "0") != 0 && strcasecmp(ci, "false") != 0;

    return is_terminal && !quiet && !in_ci;
}

void gb_progress_init(gb_progress *p, FILE *out, int quiet, int color)
{
    gb_output_opts o; /* colour and characters decided as for the results */

    gb_output_opts_init(&o, out);
    memset(p, 0, sizeof *p);
    p->out = out;
    p->enabled = gb_progress_wanted(isatty(fileno(out)), quiet, getenv("CI"));
    p->color = color >= 0 ? color : o.color;
    p->unicode = o.unicode;
    p->started = gb_now_s();
}

/* Characters (not bytes) of UTF-8 text. */
static int chars_of(const char *s)
{
    int n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Append at most max characters of s to buf, with "..." when cut. */
static void append_cut(char *buf, size_t size, const char *s, int max)
{
    size_t len = strlen(buf), i = 0;
    int chars = 0;

    if (chars_of(s) <= max) {
        snprintf(buf + len, size > len ? size - len : 0, "%s", s);
        return;
    }
    while (s[i] && chars < max - 3) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    snprintf(buf + len, size > len ? size - len : 0, "%.*s...", (int)i, s);
}

/* "4.1 s", "2:05" (minutes:seconds from a minute on). */
static void fmt_duration(char *buf, size_t size, double s)
{
    if (s < 60)
        snprintf(buf, size, "%.1f s", s);
    else
        snprintf(buf, size, "%d:%02d", (int)(s / 60), (int)fmod(s, 60));
}

/* The bar of done / total cells, in characters of the locale. */
static void bar(char *buf, size_t size, int done, int total, int unicode)
{
    int full = total > 0 ? (int)((double)BAR_CELLS * done / total) : 0;
    size_t n = 0;

    buf[0] = '\0';
    for (int i = 0; i < BAR_CELLS; i++) {
        const char *cell = i < full ? (unicode ? "█" : "#") : (unicode ? "░" : "-");

        if (n + strlen(cell) >= size)
            break;
        memcpy(buf + n, cell, strlen(cell));
        n += strlen(cell);
    }
    buf[n] = '\0';
}

/* The pieces of the line: head ("[2/7] name"), the bar and the tail ("run 3/6 ..."). */
static void pieces(char *head, size_t hsize, char *tail, size_t tsize, const char *name,
                   size_t index, size_t total, const char *what, int done, int runs, int adaptive,
                   double elapsed_s, double eta_s, int unicode, int columns, int *show_bar)
{
    char el[32], eta[64] = "", counter[48];
    int room;

    fmt_duration(el, sizeof el, elapsed_s);
    if (eta_s >= 0.05 && done < runs) {
        char d[32];

        fmt_duration(d, sizeof d, eta_s);
        snprintf(eta, sizeof eta, ", ~%s left%s", d, adaptive ? " at most" : "");
    }
    if (runs > 0)
        snprintf(counter, sizeof counter, "%s %d/%s%d  ", what, done,
                 adaptive ? (unicode ? "≤" : "<=") : "", runs);
    else
        snprintf(counter, sizeof counter, "starting  ");
    snprintf(tail, tsize, "%s%s elapsed%s", counter, el, eta);
    if (index == 0)
        snprintf(head, hsize, "[%zu scenario%s] ", total, total == 1 ? "" : "s");
    else
        snprintf(head, hsize, "[%zu/%zu] ", index, total);
    room = columns - 1 - chars_of(head) - 2 - chars_of(tail);
    *show_bar = runs > 0 && room - (BAR_CELLS + 2) >= 8;
    if (*show_bar)
        room -= BAR_CELLS + 2;
    append_cut(head, hsize, name ? name : "?", room < 4 ? 4 : room);
}

void gb_progress_format(char *buf, size_t size, const char *name, size_t index, size_t total,
                        int done, int runs, int adaptive, double elapsed_s, double eta_s,
                        int unicode, int columns)
{
    char head[256], tail[128], b[BAR_CELLS * 3 + 1];
    int show_bar;

    pieces(head, sizeof head, tail, sizeof tail, name, index, total, "run", done, runs, adaptive,
           elapsed_s, eta_s, unicode, columns, &show_bar);
    bar(b, sizeof b, done, runs, unicode);
    snprintf(buf, size, "%s  %s%s%s", head, show_bar ? b : "", show_bar ? "  " : "", tail);
}

static int columns_of(FILE *out)
{
    struct winsize ws;

    if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

static void draw(gb_progress *p, const char *what, int done, int runs, int adaptive, double eta_s)
{
    char head[256], tail[128], b[BAR_CELLS * 3 + 1];
    int show_bar;
    const char *bold = p->color ? "\033[1m" : "", *cyan = p->color ? "\033[36m" : "";
    const char *dim = p->color ? "\033[2m" : "", *reset = p->color ? "\033[0m" : "";

    pieces(head, sizeof head, tail, sizeof tail, p->name, p->index, p->total, what, done, runs,
           adaptive, gb_now_s() - p->started, eta_s, p->unicode, columns_of(p->out), &show_bar);
    bar(b, sizeof b, done, runs, p->unicode);
    fprintf(p->out, "\r\033[K%s%s%s  ", bold, head, reset);
    if (show_bar)
        fprintf(p->out, "%s%s%s  ", cyan, b, reset);
    fprintf(p->out, "%s%s%s", dim, tail, reset);
    fflush(p->out);
    p->drawn = 1;
}

void gb_progress_scenario(gb_progress *p, const gb_scenario *s, size_t index, size_t total)
{
    if (!p || !p->enabled)
        return;
    p->name = s->name;
    p->index = index;
    p->total = total;
    draw(p, "run", 0, 0, 0, -1);
}

void gb_progress_run(gb_progress *p, int done, int total, int adaptive, double eta_s)
{
    if (!p || !p->enabled)
        return;
    draw(p, "run", done, total, adaptive, eta_s);
}

void gb_progress_round(gb_progress *p, size_t nscenarios, int round, int rounds)
{
    double elapsed;

    if (!p || !p->enabled)
        return;
    elapsed = gb_now_s() - p->started;
    p->name = "interleaved";
    p->index = 0;
    p->total = nscenarios;
    draw(p, "round", round, rounds, 0, round > 0 ? elapsed / round * (rounds - round) : -1);
}

void gb_progress_clear(gb_progress *p)
{
    if (!p || !p->enabled || !p->drawn)
        return;
    fputs("\r\033[K", p->out);
    fflush(p->out);
    p->drawn = 0;
}
