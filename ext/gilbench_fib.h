/* gilbench_fib.h - the seed's Fibonacci loop, shared by the module and by the bare C
 * program of ci/bench-harness so that both time the very same code, and the barrier that
 * keeps the loop between the two clock reads that time it. */
#ifndef GILBENCH_FIB_H
#define GILBENCH_FIB_H

#include <stdint.h>

#include "gilbench_probe.h" /* the clock */

/* n steps of a, b = b, a + b on uint64_t (wrapping); fibonacci(50) == 12586269025. */
static inline uint64_t gb_fibonacci_loop(uint64_t n)
{
    uint64_t a = 0, b = 1;

    /* two steps at a time, (a, b) -> (a + b, a + 2b), with no register moves: the one-step
     * form needs two moves a step, and how fast those run depends on the CPU's move
     * elimination, which varied from call to call here (0.31 to 0.72 ns a step) */
    for (uint64_t i = 0; i < n / 2; i++) {
        a += b;
        b += a;
    }
    if (n & 1) {
        uint64_t t = a + b;

        a = b;
        b = t;
    }
    return a;
}

/* Returns v unchanged, but the compiler cannot see through it: what computes v stays
 * before it, what uses the result stays after it, and it stays between the calls around
 * it (it may touch memory, as they may). Timing code writes
 *     t0 = gb_clock_ns(); r = gb_opaque_u64(gb_fibonacci_loop(gb_opaque_u64(n)));
 *     t1 = gb_clock_ns();
 * so that the pure loop is neither hoisted before t0, sunk after t1, nor out of a loop
 * of runs. GCC and Clang syntax. */
static inline uint64_t gb_opaque_u64(uint64_t v)
{
    __asm__ __volatile__("" : "+r"(v) : : "memory");
    return v;
}

/* The canary: the same loop, a fixed 10**6 steps (~0.3 ms here), timed on the calling
 * thread. gilbench times it after each run, outside the measurement: when the machine (or
 * one of its CPUs) slows down, this slows too, and `gilbench compare` can tell a slower
 * machine from slower code. */
static inline int64_t gb_canary_ns(void)
{
    int64_t t0 = gb_clock_ns();

    (void)gb_opaque_u64(gb_fibonacci_loop(gb_opaque_u64(1000000)));
    return gb_clock_ns() - t0;
}

#endif
