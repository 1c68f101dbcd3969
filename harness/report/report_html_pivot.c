/* report_html_pivot.c - the table of implementations in the HTML report: a row per value
 * of the sweeps' "module" parameter (the C API, pybind11, PyO3, Cython...), a column per
 * scenario, each cell the median and the verdict linked to the scenario's section, and
 * each implementation's one-thread time over the C API's (pivot.c builds it). */
#include "report/report_html.h"

#include <math.h>

#include "measure/pivot.h"
#include "util/units.h"

static void cell(FILE *out, const gb_report *rep, const gb_result *r)
{
    char id[32], med[32];
    int failed;
    const char *word = gb_pivot_cell_word(r, &failed);

    if (!r) {
        fputs("<td class=\"num\">-</td>", out);
        return;
    }
    gb_html_section_id(id, sizeof id, (size_t)(r - rep->results));
    fprintf(out, "<td class=\"num\"><a href=\"#%s\">", id);
    if (r->wall.n) {
        gb_format_time(med, sizeof med, r->wall.median, gb_unit_for(r->wall.median, 1));
        fprintf(out, "%s</a><br>", med);
    }
    if (failed)
        fprintf(out, "<span class=\"badge fail\">%s</span>", word);
    else
        fprintf(out, "<span class=\"verdict verdict-%s\">%s</span>", word, word);
    fputs(r->wall.n ? "</td>" : "</a></td>", out);
}

int gb_html_pivot(FILE *out, const gb_report *rep)
{
    gb_pivot pv;
    int rc = gb_pivot_build(rep, GB_PIVOT_PARAM, GB_PIVOT_REFERENCE, &pv);

    if (rc != 1) {
        gb_pivot_clear(&pv);
        return rc;
    }
    fputs("<section id=\"implementations\" aria-labelledby=\"implementations-h\">\n"
          "<h2 id=\"implementations-h\">Implementations</h2>\n<p class=\"note\">The same "
          "scenarios against each value of <code>" GB_PIVOT_PARAM "</code>: the median time "
          "and the verdict; the last column is the one-thread time over the reference's "
          "(docs/peers.md).</p>\n",
          out);
    gb_html_scroll_open(out, "the table of implementations");
    fputs("<table><thead><tr><th scope=\"col\">" GB_PIVOT_PARAM "</th>", out);
    for (size_t j = 0; j < pv.ncols; j++) {
        fputs("<th scope=\"col\" class=\"num\">", out);
        gb_html_text_wrap(out, pv.cols[j]);
        fputs("</th>", out);
    }
    if (pv.solo_col != GB_PIVOT_NONE) {
        fputs("<th scope=\"col\" class=\"num\">", out);
        gb_html_text(out, pv.cols[pv.solo_col]);
        fputs(" vs ", out);
        gb_html_text(out, pv.rows[pv.ref_row]);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < pv.nrows; i++) {
        double ratio = gb_pivot_solo_ratio(&pv, i);

        fputs("<tr><th scope=\"row\">", out);
        gb_html_text(out, pv.rows[i]);
        fputs("</th>", out);
        for (size_t j = 0; j < pv.ncols; j++)
            cell(out, rep, gb_pivot_cell(&pv, i, j));
        if (pv.solo_col != GB_PIVOT_NONE && isfinite(ratio))
            fprintf(out, "<td class=\"num\">%.2f &times;</td>", ratio);
        else if (pv.solo_col != GB_PIVOT_NONE)
            fputs("<td class=\"num\">-</td>", out);
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    gb_html_scroll_close(out);
    fputs("</section>\n", out);
    gb_pivot_clear(&pv);
    return 0;
}
