/* signals.h - a signal's name, for the terminal, the reports and the runner's messages. */
#ifndef GB_SIGNALS_H
#define GB_SIGNALS_H

/* "SIGABRT", "SIGSEGV"... for a signal number; NULL for one it does not know. */
const char *gb_signal_name(int sig);

#endif
