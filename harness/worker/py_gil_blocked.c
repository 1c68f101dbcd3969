/* py_gil_blocked.c - a thread blocked elsewhere: the calls that sleep, wait for I/O, for
 * a lock or for a child, seen the way py_gil_watch.c sees the GIL's waits.
 *
 * The executable defines them (exported, CMakeLists.txt's GB_INTERPOSED), so the
 * dynamic linker binds libpython's and the extension modules' calls to them; each
 * forwards to the next definition (the C library's, or a sanitizer's) and, around the
 * call, tells the watch that the calling thread is blocked (gb_gil_watch_blocking): a
 * thread that does not hold the GIL then shows "blocked elsewhere" in its timeline
 * instead of "runs without the GIL". A thread holding the GIL keeps showing that it holds
 * it. The C library's own calls to these (inside sleep(), say) are not seen, nor are
 * system calls made directly. */
#undef _FORTIFY_SOURCE /* read() and recv() defined here, not as the header's wrappers */
#define _GNU_SOURCE 1

#include "worker/py_gil_watch.h"

#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* One interposed call: its next definition, found once (atomically: threads may race to
 * it), and the call bracketed by the watch. errno is the real call's. */
#define GB_BLOCKING(ret, name, params, args)                                                       \
    typedef ret(*name##_fn) params;                                                                \
    static _Atomic(name##_fn) next_##name;                                                         \
    __attribute__((visibility("default"))) ret name params                                         \
    {                                                                                              \
        name##_fn next = atomic_load_explicit(&next_##name, memory_order_relaxed);                 \
        int marked, e;                                                                             \
        ret rc;                                                                                    \
                                                                                                   \
        if (!next) {                                                                               \
            next = (name##_fn)dlsym(RTLD_NEXT, #name);                                             \
            atomic_store_explicit(&next_##name, next, memory_order_relaxed);                       \
        }                                                                                          \
        marked = gb_gil_watch_blocking(1, 0);                                                      \
        rc = next args;                                                                            \
        e = errno;                                                                                 \
        gb_gil_watch_blocking(0, marked);                                                          \
        errno = e;                                                                                 \
        return rc;                                                                                 \
    }

/* sleeping: time.sleep() (clock_nanosleep from 3.11), nanosleep */
GB_BLOCKING(int, clock_nanosleep,
            (clockid_t clock, int flags, const struct timespec *t, struct timespec *rem),
            (clock, flags, t, rem))
GB_BLOCKING(int, nanosleep, (const struct timespec *t, struct timespec *rem), (t, rem))
/* waiting for a descriptor: select, selectors, socket timeouts, asyncio */
GB_BLOCKING(int, poll, (struct pollfd * fds, nfds_t n, int timeout), (fds, n, timeout))
GB_BLOCKING(int, ppoll,
            (struct pollfd * fds, nfds_t n, const struct timespec *t, const sigset_t *mask),
            (fds, n, t, mask))
GB_BLOCKING(int, select, (int n, fd_set *r, fd_set *w, fd_set *x, struct timeval *t),
            (n, r, w, x, t))
GB_BLOCKING(int, epoll_wait, (int fd, struct epoll_event *ev, int n, int timeout),
            (fd, ev, n, timeout))
/* reading: files, pipes, sockets; accepting and connecting */
GB_BLOCKING(ssize_t, read, (int fd, void *buf, size_t n), (fd, buf, n))
GB_BLOCKING(ssize_t, recv, (int fd, void *buf, size_t n, int flags), (fd, buf, n, flags))
GB_BLOCKING(ssize_t, recvfrom,
            (int fd, void *buf, size_t n, int flags, struct sockaddr *from, socklen_t *len),
            (fd, buf, n, flags, from, len))
GB_BLOCKING(int, accept, (int fd, struct sockaddr *a, socklen_t *len), (fd, a, len))
GB_BLOCKING(int, connect, (int fd, const struct sockaddr *a, socklen_t len), (fd, a, len))
/* a lock: threading.Lock, Queue.get, Event.wait (semaphores in 3.11); a child process */
GB_BLOCKING(int, sem_wait, (sem_t * s), (s))
GB_BLOCKING(int, sem_timedwait, (sem_t * s, const struct timespec *t), (s, t))
GB_BLOCKING(int, sem_clockwait, (sem_t * s, clockid_t clock, const struct timespec *t),
            (s, clock, t))
GB_BLOCKING(pid_t, waitpid, (pid_t pid, int *status, int options), (pid, status, options))
