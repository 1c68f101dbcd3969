/* ansi.h - the colours of the terminal output (output.c, output_summary.c), as ANSI codes
 * used only when the output options say so. Private to term/. */
#ifndef GB_ANSI_H
#define GB_ANSI_H

#include "term/output.h"

#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define RESET "\033[0m"

/* code when o has colour, else "". */
static inline const char *gb_ansi(const gb_output_opts *o, const char *code)
{
    return o->color ? code : "";
}

#endif
