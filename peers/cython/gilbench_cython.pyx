# cython: language_level=3, always_allow_keywords=True
"""The seed's Fibonacci functions built with Cython (gilbench peers, docs/peers.md).

fibonacci_gil keeps the GIL for the whole loop, fibonacci_nogil releases it around the loop
with ``with nogil:``. The loop is the one of ext/gilbench_fib.h: uint64, wrapping, the result
returned (so the loop is not optimised away).
"""
from libc.stdint cimport uint64_t

implementation = "Cython"


cdef uint64_t fibonacci(uint64_t n) noexcept nogil:
    cdef uint64_t a = 0, b = 1, t, i = 0
    # two steps at a time, as ext/gilbench_fib.h does (why: there)
    while i < n // 2:
        a += b
        b += a
        i += 1
    if n & 1:
        t = a + b
        a = b
        b = t
    return a


def fibonacci_gil(uint64_t n):
    """fibonacci_gil(n) -> int

    n steps of the Fibonacci loop on uint64, holding the GIL."""
    return fibonacci(n)


def fibonacci_nogil(uint64_t n):
    """fibonacci_nogil(n) -> int

    n steps of the Fibonacci loop on uint64, the GIL released (``with nogil:``)."""
    cdef uint64_t r
    with nogil:
        r = fibonacci(n)
    return r
