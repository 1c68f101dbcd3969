/* interrupt.c - Ctrl-C and SIGTERM for the driver: the first asks for an orderly stop (the
 * runner reports what was measured), a second one exits at once. Also the driver's other
 * process-wide dispositions while it runs workers (SIGPIPE ignored, child subreaper). */
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "run/runner.h"
#include "util/cli.h"

static volatile sig_atomic_t interrupted; /* the signal that interrupted, or 0 */

/* The first Ctrl-C asks for an orderly stop (reports of what was measured); a second one
 * stops at once: _exit, and the workers die with the driver (PR_SET_PDEATHSIG). */
static void on_signal(int sig)
{
    if (interrupted)
        _exit(GB_EXIT_INTERRUPTED);
    interrupted = sig;
}

void gb_runner_install_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: poll() must return */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* a reader that went away (gilbench run ... | head) must not kill the driver before
     * it writes the report files: writing to it fails instead */
    signal(SIGPIPE, SIG_IGN);
    /* what a worker starts and leaves behind, even in a session of its own (setsid), becomes
     * the driver's child when the worker dies: then it is found and killed (gb_reap_orphans) */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
}

void gb_runner_signals_restart(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int gb_runner_interrupt_signal(void)
{
    return interrupted;
}

int gb_runner_interrupted(void)
{
    return interrupted != 0;
}
