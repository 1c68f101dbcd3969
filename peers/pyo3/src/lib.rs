//! The seed's Fibonacci functions built with PyO3, for the peers table (docs/peers.md):
//! `fibonacci_gil` keeps the GIL for the whole loop, `fibonacci_nogil` releases it around the
//! loop with `py.allow_threads`. The loop is the one of ext/gilbench_fib.h: u64, wrapping,
//! the result returned (so the loop is not optimised away).
#![deny(warnings)]

use pyo3::prelude::*;

fn fibonacci(n: u64) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        let t = a.wrapping_add(b);
        a = b;
        b = t;
    }
    a
}

/// fibonacci_gil(n) -> int
///
/// n steps of the Fibonacci loop on uint64, holding the GIL.
#[pyfunction]
fn fibonacci_gil(n: u64) -> u64 {
    fibonacci(n)
}

/// fibonacci_nogil(n) -> int
///
/// n steps of the Fibonacci loop on uint64, the GIL released (py.allow_threads).
#[pyfunction]
fn fibonacci_nogil(py: Python<'_>, n: u64) -> u64 {
    py.allow_threads(|| fibonacci(n))
}

/// The seed's Fibonacci functions built with PyO3 (gilbench peers).
#[pymodule]
fn gilbench_pyo3(_py: Python<'_>, m: &PyModule) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(fibonacci_gil, m)?)?;
    m.add_function(wrap_pyfunction!(fibonacci_nogil, m)?)?;
    m.add("implementation", "PyO3 0.17")?;
    Ok(())
}
