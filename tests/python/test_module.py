"""The gilbench module imported by a plain python3 (the seed's notebook usage).

Run by CTest as `$GB_PYTHON -I tests/python/test_module.py`, with GB_MODULE_DIR the folder
of the built module. GIL behaviour is checked with short work and wide margins only.
"""
import os
import signal
import subprocess
import sys
import threading
import time
import unittest

MODULE_DIR = os.environ.get("GB_MODULE_DIR", "")
sys.path.insert(0, MODULE_DIR)

import gilbench  # noqa: E402
from gilbench import fibonacci_gil, fibonacci_nogil  # noqa: E402,F401  (the seed's import)


class Import(unittest.TestCase):
    def test_the_module_is_the_one_just_built(self):
        self.assertEqual(os.path.dirname(os.path.abspath(gilbench.__file__)),
                         os.path.abspath(MODULE_DIR))

    def test_every_function_has_a_docstring(self):
        for name in ("fibonacci", "fibonacci_gil", "fibonacci_nogil", "spin", "sleep",
                     "empty", "double_release", "build_info", "last_probe"):
            self.assertTrue(getattr(gilbench, name).__doc__, name)
        self.assertTrue(gilbench.__doc__)

    def test_build_info_says_how_it_was_built(self):
        info = gilbench.build_info()
        self.assertEqual(info["version"], gilbench.__version__)
        self.assertFalse(info["embedded"])
        for key in ("build_type", "c_flags", "compiler", "python_compiled"):
            self.assertIsInstance(info[key], str)
        self.assertEqual(info["python_compiled"].split(".")[:2],
                         [str(sys.version_info.major), str(sys.version_info.minor)])


class Fibonacci(unittest.TestCase):
    def test_known_values_in_every_form(self):
        for f in (gilbench.fibonacci, fibonacci_gil, fibonacci_nogil):
            self.assertEqual(f(0), 0)
            self.assertEqual(f(1), 1)
            self.assertEqual(f(50), 12586269025)
        self.assertEqual(gilbench.fibonacci(50, gil="release"), 12586269025)
        self.assertEqual(gilbench.fibonacci(n=50, gil="hold"), 12586269025)

    def test_wraps_around_on_uint64(self):
        self.assertEqual(gilbench.fibonacci(100), 354224848179261915075 % 2 ** 64)

    def test_bad_arguments_raise_clear_errors(self):
        with self.assertRaises(ValueError):
            gilbench.fibonacci(-1)
        with self.assertRaises(TypeError):
            gilbench.fibonacci(1.5)
        with self.assertRaises(TypeError):
            fibonacci_nogil("10")
        with self.assertRaisesRegex(ValueError, "hold.*release"):
            gilbench.fibonacci(10, gil="relase")
        with self.assertRaises(TypeError):
            gilbench.fibonacci()
        with self.assertRaises(OverflowError):
            gilbench.fibonacci(2 ** 64)


class TimeWorkloads(unittest.TestCase):
    def test_spin_takes_at_least_the_time_asked(self):
        t0 = time.monotonic()
        count = gilbench.spin(0.02, gil="release")
        self.assertGreaterEqual(time.monotonic() - t0, 0.02)
        self.assertGreater(count, 0)

    def test_sleep_and_empty(self):
        t0 = time.monotonic()
        self.assertIsNone(gilbench.sleep(0.01, gil="hold"))
        self.assertGreaterEqual(time.monotonic() - t0, 0.01)
        self.assertIsNone(gilbench.empty(gil="release"))
        with self.assertRaises(ValueError):
            gilbench.sleep(float("nan"))
        with self.assertRaises(ValueError):
            gilbench.spin(-1)

    def test_last_probe_brackets_the_work(self):
        gilbench.sleep(0.005, gil="release")
        enter, done = gilbench.last_probe()
        self.assertGreaterEqual(done - enter, 5_000_000)


def calibrate():
    """n such that one fibonacci call takes about 50 ms here."""
    n = 10 ** 6
    while True:
        t0 = time.perf_counter()
        fibonacci_gil(n)
        dt = time.perf_counter() - t0
        if dt > 0.01:
            return int(n * 0.05 / dt)
        n *= 4


def two_threads(f, n):
    a = threading.Thread(target=f, args=(n,))
    b = threading.Thread(target=f, args=(n,))
    t0 = time.perf_counter()
    a.start()
    b.start()
    a.join()
    b.join()
    return time.perf_counter() - t0


@unittest.skipIf((os.cpu_count() or 1) < 2, "needs two CPUs")
class GilBehaviour(unittest.TestCase):
    def test_holding_serialises_and_releasing_runs_at_once(self):
        n = calibrate()
        t0 = time.perf_counter()
        fibonacci_gil(n)
        one = time.perf_counter() - t0
        serial = min(two_threads(fibonacci_gil, n) for _ in range(3))
        parallel = min(two_threads(fibonacci_nogil, n) for _ in range(3))
        self.assertGreaterEqual(serial, 1.6 * one, (one, serial))
        self.assertLessEqual(parallel, 1.4 * one, (one, parallel))


class DoubleRelease(unittest.TestCase):
    def test_the_process_aborts_with_the_fatal_error(self):
        code = "import sys; sys.path.insert(0, %r); import gilbench; gilbench.double_release()"
        proc = subprocess.run([sys.executable, "-I", "-c", code % MODULE_DIR],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, -signal.SIGABRT, proc.stderr)
        self.assertIn("Fatal Python error: PyEval_SaveThread", proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
