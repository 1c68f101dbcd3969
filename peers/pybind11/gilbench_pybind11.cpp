// gilbench_pybind11.cpp - the seed's two Fibonacci functions written with pybind11, for the
// peers table (docs/peers.md): fibonacci_gil keeps the GIL for the whole loop,
// fibonacci_nogil releases it around the loop with py::gil_scoped_release. The loop is the
// one of ext/gilbench_fib.h, written as a pybind11 user would write it: uint64_t, wrapping,
// the result returned (so the loop is not optimised away).
#include <pybind11/pybind11.h>

#include <cstdint>

namespace py = pybind11;

namespace {

std::uint64_t fibonacci(std::uint64_t n)
{
    std::uint64_t a = 0, b = 1;

    // two steps at a time, as ext/gilbench_fib.h does (why: there)
    for (std::uint64_t i = 0; i < n / 2; i++) {
        a += b;
        b += a;
    }
    if (n & 1) {
        std::uint64_t t = a + b;
        a = b;
        b = t;
    }
    return a;
}

std::uint64_t fibonacci_gil(std::uint64_t n)
{
    return fibonacci(n);
}

std::uint64_t fibonacci_nogil(std::uint64_t n)
{
    py::gil_scoped_release release; // taken back when it goes out of scope
    return fibonacci(n);
}

} // namespace

PYBIND11_MODULE(gilbench_pybind11, m)
{
    m.doc() = "The seed's Fibonacci functions built with pybind11 (gilbench peers).";
    m.def("fibonacci_gil", &fibonacci_gil, py::arg("n"),
          "fibonacci_gil(n) -> int\n\nn steps of the Fibonacci loop on uint64, holding the GIL.");
    m.def("fibonacci_nogil", &fibonacci_nogil, py::arg("n"),
          "fibonacci_nogil(n) -> int\n\nn steps of the Fibonacci loop on uint64, the GIL released "
          "(py::gil_scoped_release).");
    m.attr("implementation") = "pybind11 " PYBIND11_TOSTRING(PYBIND11_VERSION_MAJOR) "." PYBIND11_TOSTRING(
        PYBIND11_VERSION_MINOR) "." PYBIND11_TOSTRING(PYBIND11_VERSION_PATCH);
}
