/* gilbench_fib.h - the seed's Fibonacci loop, shared by the module and by the bare C
 * program of ci/bench-harness so that both time the very same code. */
#ifndef GILBENCH_FIB_H
#define GILBENCH_FIB_H

#include <stdint.h>

/* n steps of a, b = b, a + b on uint64_t (wrapping); fibonacci(50) == 12586269025. */
static inline uint64_t gb_fibonacci_loop(uint64_t n)
{
    uint64_t a = 0, b = 1;

    for (uint64_t i = 0; i < n; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    return a;
}

#endif
