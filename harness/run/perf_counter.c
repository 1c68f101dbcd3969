/* perf_counter.c - the events of perf_event_open that counted runs may use, the test switch
 * that chooses one, and opening it for a thread (see perf_counter.h). */
#include "run/perf_counter.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const gb_perf_event events[] = {
    {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS,
     "PERF_TYPE_HARDWARE/PERF_COUNT_HW_INSTRUCTIONS", "instructions", 0},
    {"task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK,
     "PERF_TYPE_SOFTWARE/PERF_COUNT_SW_TASK_CLOCK", "nanoseconds", 1},
};
#define NEVENTS (sizeof events / sizeof events[0])

const gb_perf_event *gb_perf_event_find(const char *name)
{
    for (size_t i = 0; name && i < NEVENTS; i++)
        if (strcmp(name, events[i].name) == 0)
            return &events[i];
    return NULL;
}

const gb_perf_event *gb_perf_event_chosen(gb_error *err)
{
    const char *name = getenv(GB_PERF_EVENT_ENV);
    const gb_perf_event *ev = gb_perf_event_find(name && *name ? name : "instructions");

    if (!ev)
        gb_error_set(err, NULL, 0, 0, NULL,
                     "%s: \"%.64s\" is not an event of perf_event_open that gilbench counts "
                     "(instructions; task-clock, for tests only)",
                     GB_PERF_EVENT_ENV, name);
    return ev;
}

int gb_perf_open(const gb_perf_event *ev)
{
    struct perf_event_attr attr;
    long fd;

    memset(&attr, 0, sizeof attr);
    attr.type = ev->type;
    attr.size = sizeof attr;
    attr.config = ev->config;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    /* pinned: never multiplexed with other events (no estimate scaled from a share of the
     * time); an event the CPU cannot keep on is read as end of file, never as a count */
    attr.pinned = 1;
    fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0)
        return -1;
    return (int)fd;
}

int gb_perf_refusal(const gb_perf_event *ev)
{
    int fd = gb_perf_open(ev);

    if (fd < 0)
        return errno ? errno : EINVAL;
    close(fd);
    return 0;
}

const char *gb_perf_refusal_text(int e)
{
    switch (e) {
    case ENOENT:
    case EOPNOTSUPP:
    case ENODEV:
        return "no such counter here: a virtual machine?";
    case EACCES:
    case EPERM:
        return "not permitted: see kernel.perf_event_paranoid";
    case ENOSYS:
        return "the kernel has no perf_event_open";
    case EMFILE:
    case ENFILE:
        return "too many open files";
    default:
        return "refused";
    }
}
