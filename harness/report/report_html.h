/* report_html.h - the parts of the HTML report (export html) that its files share:
 * report_html.c writes the page (style, summary table, a section per scenario),
 * report_html_charts.c the timeline and box-and-whisker charts, report_html_scaling.c the
 * scaling chart of a sweep, report_html_pivot.c the table of implementations. Every chart is inline
 * SVG styled by the page's CSS (light, dark and print), with a title and a description for screen
 * readers. No script. */
#ifndef GB_REPORT_HTML_H
#define GB_REPORT_HTML_H

#include <stdio.h>

#include "measure/result.h"

/* Geometry shared by the charts, in SVG user units (the viewBox scales them). */
#define GB_HTML_WIDTH 900
#define GB_HTML_LABELS 210 /* the column of lane and row labels */
#define GB_HTML_RIGHT 20
#define GB_HTML_LANE_H 22 /* a timeline lane, a box plot row */
#define GB_HTML_LANE_GAP 8
#define GB_HTML_TOP 6
#define GB_HTML_AXIS_H 26
#define GB_HTML_LABEL_CHARS 28 /* what fits left of the plot at 12 px */

/* A time axis from lo to hi seconds at y, its grid lines up to gridtop (charts.c). */
void gb_html_time_axis(FILE *out, double lo, double hi, int y, int gridtop);

/* s as HTML text (& < > " ' escaped; bytes that are not UTF-8 as U+FFFD). */
void gb_html_text(FILE *out, const char *s);

/* s as HTML text that may wrap inside a name: a <wbr> after each '[', ',' and '_', so
 * that a narrow table cell breaks "convoy[switch_interval=0.0005]" there. */
void gb_html_text_wrap(FILE *out, const char *s);

/* s as the text of an SVG <text>, cut to max_chars characters with an ellipsis (and the
 * whole text as its <title>) when longer. */
void gb_html_label(FILE *out, const char *s, int max_chars);

/* A box that scrolls sideways when its content (a table, a chart with a least width) is
 * wider than the page, so that the page itself never does; label names it for screen
 * readers, and it takes the keyboard focus to be scrolled. Closed by gb_html_scroll_close. */
void gb_html_scroll_open(FILE *out, const char *label);
void gb_html_scroll_close(FILE *out);

/* The shared <defs> (hatch patterns of the waits), once at the top of the page. */
void gb_html_chart_defs(FILE *out);

/* The timeline of one run of r: a lane per thread (and one for the main thread when it
 * was blocked in start()), each a <g class="lane">. id prefixes the element ids. */
void gb_html_timeline(FILE *out, const gb_result *r, const gb_run *run, const char *id);

/* The legend of the timeline's states, as an HTML list. */
void gb_html_timeline_legend(FILE *out, int with_main);
/* The same, with the states of the evidence of the GIL when evidence is not 0. */
void gb_html_timeline_legend_of(FILE *out, int with_main, int evidence);

/* The same run as an HTML table (the chart's numbers for those who cannot see it). */
void gb_html_timeline_table(FILE *out, const gb_result *r, const gb_run *run);

/* 1 when the run's main thread was blocked in start() long enough to get a lane. */
int gb_html_main_lane(const gb_run *run);

/* Box-and-whisker plot of the measured wall times of results[0..n-1], a row each
 * (<g class="box">), on one axis; from_zero: the axis starts at 0 (to compare rows). */
void gb_html_boxplot(FILE *out, const gb_result *const *results, size_t n, int from_zero,
                     const char *id);

/* The scaling charts of the sweeps in rep over a "threads" parameter: speedup against
 * threads with the ideal line; nothing when there is none. Returns how many it drew. */
size_t gb_html_scaling(FILE *out, const gb_report *rep);

/* The table of implementations of the sweeps over "module" (pivot.h): nothing
 * when there is none. Returns 0, or -1 without memory. */
int gb_html_pivot(FILE *out, const gb_report *rep);

/* Axis ticks: a step of 1, 2, 2.5 or 5 x 10^k giving about `want` ticks over [0, max]. */
double gb_html_tick_step(double max, int want);

/* "scenario-3": the id of result i's section. */
void gb_html_section_id(char *buf, size_t size, size_t i);

#endif
