/* fib_bare.c - the seed's Fibonacci loop in a bare C program, no Python, no harness.
 *
 * ci/bench-harness times this beside `gilbench run` to show what the harness costs:
 * the loop is the very same inline function the module calls (ext/gilbench_fib.h),
 * compiled by the same CMake with the same flags.
 * Usage: gb_fib_bare N RUNS  -> one line per run: wall time in nanoseconds. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "gilbench_fib.h"
#include "gilbench_probe.h"

int main(int argc, char **argv)
{
    uint64_t n, sink = 0;
    long runs;

    if (argc != 3) {
        fprintf(stderr, "usage: gb_fib_bare N RUNS\n");
        return 2;
    }
    n = strtoull(argv[1], NULL, 10);
    runs = strtol(argv[2], NULL, 10);
    for (long i = 0; i < runs; i++) {
        int64_t t0 = gb_clock_ns();
        uint64_t r = gb_opaque_u64(gb_fibonacci_loop(gb_opaque_u64(n)));
        int64_t t1 = gb_clock_ns();

        sink ^= r;
        printf("%" PRId64 "\n", t1 - t0);
    }
    /* the result is used, so the loop cannot be optimised away */
    fprintf(stderr, "checksum %" PRIu64 "\n", sink);
    return 0;
}
