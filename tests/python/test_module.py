"""The gilbench module imported by a plain python3, as the seed's notebook did.

Run by CTest as `$GB_PYTHON -I tests/python/test_module.py`, with GB_MODULE_DIR the folder of
the built module (put first on sys.path). GIL behaviour is checked by evidence that a busy machine
cannot fake: the probes' intervals (whether two calls overlapped) and whether another thread
ran Python while a call worked (none at all while it holds the GIL). Elapsed-time ratios are
a benchmark's business (scenarios/*.json), not this suite's.
"""
import os
import signal
import subprocess
import sys
import threading
import time
import unittest

MODULE_DIR = os.environ.get("GB_MODULE_DIR")
if not MODULE_DIR:
    sys.exit("test_module.py: set GB_MODULE_DIR to the folder holding the built gilbench module")
sys.path.insert(0, MODULE_DIR)

import gilbench  # noqa: E402
from gilbench import fibonacci_gil, fibonacci_nogil  # noqa: E402  (the seed's import)

FIB_50 = 12586269025
WORKLOADS = ("fibonacci", "fibonacci_gil", "fibonacci_nogil", "spin", "sleep", "empty",
             "double_release", "build_info", "last_probe")


def in_two_threads(fn, *args, **kwargs):
    """Call fn in two threads at once. Returns each thread's probe."""
    probes = [None, None]

    def body(i):
        fn(*args, **kwargs)
        probes[i] = gilbench.last_probe()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return probes


def overlap(probes):
    (a_enter, a_done), (b_enter, b_done) = probes
    return a_enter < b_done and b_enter < a_done


class Import(unittest.TestCase):
    def test_the_module_is_the_one_just_built(self):
        self.assertEqual(os.path.realpath(os.path.dirname(gilbench.__file__)),
                         os.path.realpath(MODULE_DIR))

    def test_every_function_and_the_module_have_a_docstring(self):
        self.assertIn("GIL", gilbench.__doc__)
        for name in WORKLOADS:
            doc = getattr(gilbench, name).__doc__
            self.assertTrue(doc and doc.startswith(name + "("), name)

    def test_version_and_build_info(self):
        info = gilbench.build_info()
        self.assertEqual(set(info), {"version", "build_type", "c_flags", "compiler", "embedded",
                                     "python_compiled"})
        self.assertEqual(info["version"], gilbench.__version__)
        self.assertRegex(gilbench.__version__, r"^\d+\.\d+\.\d+")
        self.assertIs(info["embedded"], False)
        for key in ("build_type", "c_flags", "compiler", "python_compiled"):
            self.assertIsInstance(info[key], str)
        self.assertEqual(info["python_compiled"].split(".")[:2],
                         [str(sys.version_info.major), str(sys.version_info.minor)])


class Fibonacci(unittest.TestCase):
    def test_known_values_in_every_form_and_mode(self):
        for gil in ("hold", "release"):
            self.assertEqual(gilbench.fibonacci(50, gil=gil), FIB_50)
            self.assertEqual(gilbench.fibonacci(0, gil), 0)
            self.assertEqual(gilbench.fibonacci(n=1, gil=gil), 1)
        self.assertEqual(gilbench.fibonacci(50), FIB_50)
        for f in (fibonacci_gil, fibonacci_nogil):
            self.assertEqual(f(0), 0)
            self.assertEqual(f(1), 1)
            self.assertEqual(f(50), FIB_50)
            self.assertEqual(f(n=50), FIB_50)

    def test_wraps_around_on_uint64(self):
        self.assertEqual(gilbench.fibonacci(100), 354224848179261915075 % 2 ** 64)
        self.assertEqual(fibonacci_nogil(93), 12200160415121876738)  # the last that fits

    def test_bad_n_raises_type_or_value_error(self):
        for f in (gilbench.fibonacci, fibonacci_gil, fibonacci_nogil):
            with self.assertRaisesRegex(ValueError, "n must be >= 0"):
                f(-1)
            with self.assertRaisesRegex(ValueError, "2\\*\\*64-1"):
                f(2 ** 64)
            with self.assertRaisesRegex(TypeError, "n must be an int, not float"):
                f(1.5)
            with self.assertRaisesRegex(TypeError, "not str"):
                f("10")
            with self.assertRaises(TypeError):
                f()
            with self.assertRaises(TypeError):
                f(1, 2, 3)
            with self.assertRaises(TypeError):
                f(m=3)

    def test_bad_gil_names_the_value(self):
        with self.assertRaisesRegex(ValueError, "'relase'"):
            gilbench.fibonacci(10, gil="relase")
        with self.assertRaisesRegex(TypeError, "gil must be"):
            gilbench.fibonacci(10, gil=1)
        with self.assertRaises(TypeError):
            fibonacci_gil(10, gil="hold")  # the seed's names take no gil

    def test_accepts_the_largest_n(self):
        # parsing only: 2**64-1 steps would never end, so check that the error is not raised
        with self.assertRaisesRegex(ValueError, "gil must be"):
            gilbench.fibonacci(2 ** 64 - 1, gil="neither")


class TimeWorkloads(unittest.TestCase):
    def test_spin_counts_and_takes_at_least_the_time_asked(self):
        for gil in ("hold", "release"):
            t0 = time.monotonic()
            count = gilbench.spin(0.02, gil=gil)
            self.assertGreaterEqual(time.monotonic() - t0, 0.02)
            self.assertIsInstance(count, int)
            self.assertGreater(count, 0)
        self.assertGreater(gilbench.spin(0), 0)

    def test_sleep_takes_at_least_the_time_asked(self):
        for gil in ("hold", "release"):
            t0 = time.monotonic()
            self.assertIsNone(gilbench.sleep(0.01, gil=gil))
            self.assertGreaterEqual(time.monotonic() - t0, 0.01)
        self.assertIsNone(gilbench.sleep(0))
        self.assertIsNone(gilbench.sleep(seconds=0.001, gil="release"))

    def test_empty_records_a_probe(self):
        for gil in ("hold", "release"):
            self.assertIsNone(gilbench.empty(gil=gil))
            enter, done = gilbench.last_probe()
            self.assertLessEqual(enter, done)
        self.assertIsNone(gilbench.empty())

    def test_bad_seconds_raise_type_or_value_error(self):
        for f in (gilbench.spin, gilbench.sleep):
            for bad in (-1, -0.5, float("nan"), float("inf"), 1e10, 10 ** 400):
                with self.assertRaisesRegex(ValueError, "seconds must be", msg=repr(bad)):
                    f(bad)
            for bad in ("1", None, [1]):
                with self.assertRaisesRegex(TypeError, "seconds must be a number", msg=repr(bad)):
                    f(bad)
            with self.assertRaisesRegex(ValueError, "gil must be"):
                f(0, gil="")
        with self.assertRaisesRegex(ValueError, "'both'"):
            gilbench.empty(gil="both")


class Probe(unittest.TestCase):
    def test_none_in_a_thread_that_ran_nothing(self):
        seen = []
        t = threading.Thread(target=lambda: seen.append(gilbench.last_probe()))
        t.start()
        t.join()
        self.assertEqual(seen, [None])

    def test_brackets_the_work_of_each_workload(self):
        calls = [(gilbench.fibonacci, (1000,)), (fibonacci_gil, (1000,)),
                 (fibonacci_nogil, (1000,)), (gilbench.spin, (0.002,)),
                 (gilbench.sleep, (0.002,)), (gilbench.empty, ())]
        for fn, args in calls:
            before = time.monotonic_ns()
            fn(*args)
            after = time.monotonic_ns()
            enter, done = gilbench.last_probe()
            self.assertLessEqual(before, enter, fn.__name__)
            self.assertLessEqual(enter, done, fn.__name__)
            self.assertLessEqual(done, after, fn.__name__)
        gilbench.sleep(0.005, gil="release")
        enter, done = gilbench.last_probe()
        self.assertGreaterEqual(done - enter, 5_000_000)

    def test_a_failed_call_leaves_the_probe_alone(self):
        gilbench.empty()
        first = gilbench.last_probe()
        with self.assertRaises(ValueError):
            gilbench.sleep(-1)
        self.assertEqual(gilbench.last_probe(), first)


class GilByProbes(unittest.TestCase):
    """Whether two calls in two threads overlapped in time: no ratio of clocks involved."""

    def test_holding_never_overlaps(self):
        for fn, kwargs in ((gilbench.sleep, {"seconds": 0.03, "gil": "hold"}),
                           (gilbench.spin, {"seconds": 0.03, "gil": "hold"})):
            probes = in_two_threads(fn, **kwargs)
            self.assertFalse(overlap(probes), (fn.__name__, probes))

    def test_releasing_to_sleep_overlaps(self):
        probes = in_two_threads(gilbench.sleep, 0.05, gil="release")
        self.assertTrue(overlap(probes), probes)


def calibrate():
    """n such that one fibonacci call takes about 50 ms of CPU here (thread CPU time, which a
    busy neighbour does not stretch)."""
    n = 10 ** 6
    while True:
        c0 = time.thread_time()
        fibonacci_gil(n)
        dt = time.thread_time() - c0
        if dt > 0.01:
            return max(1, int(n * 0.05 / dt))
        n *= 4


def progress_inside(fn, *args, **kwargs):
    """Call fn in another thread while this thread runs a Python loop that stamps the clock.
    Returns how many stamps fall strictly inside fn's probe (the C clock reads that bracket
    its work, CLOCK_MONOTONIC like time.monotonic_ns).

    A stamp is read by Python code, so this thread held the GIL when it took it. While fn
    holds the GIL from enter to done, no stamp can fall inside: the count is 0, exactly,
    however busy the machine is. While fn has released it, this thread runs: the count is
    the stamps it took meanwhile, many unless it got no CPU at all for the whole call."""
    finished = [False]
    probe = [None]

    def body():
        fn(*args, **kwargs)
        probe[0] = gilbench.last_probe()
        finished[0] = True

    stamps = []
    t = threading.Thread(target=body)
    t.start()
    while not finished[0]:
        stamps.append(time.monotonic_ns())
    t.join()
    enter, done = probe[0]
    return sum(1 for s in stamps if enter < s < done)


class GilByProgress(unittest.TestCase):
    """The seed's question asked directly: can another thread run Python while the function
    works? Evidence, not elapsed time: it holds beside busy neighbours (ci/test-busy). How
    much faster two threads finish when one releases the GIL is a benchmark's question:
    `gilbench run scenarios/*.json` (nogil+gil against gil+gil) answers it."""

    ATTEMPTS = 3  # a released call whose whole duration found no free CPU for this thread

    def assert_released(self, fn, *args, **kwargs):
        counts = []
        for _ in range(self.ATTEMPTS):
            counts.append(progress_inside(fn, *args, **kwargs))
            if counts[-1] > 0:
                return
        self.fail("%s: no Python ran beside it in %d calls (stamps inside: %s)"
                  % (fn.__name__, self.ATTEMPTS, counts))

    def test_holding_lets_no_python_run_meanwhile(self):
        n = calibrate()
        for fn, args, kwargs in ((fibonacci_gil, (n,), {}), (gilbench.fibonacci, (n,), {}),
                                 (gilbench.spin, (0.03,), {"gil": "hold"}),
                                 (gilbench.sleep, (0.03,), {"gil": "hold"})):
            self.assertEqual(progress_inside(fn, *args, **kwargs), 0, fn.__name__)

    def test_releasing_lets_python_run_meanwhile(self):
        n = calibrate()
        self.assert_released(fibonacci_nogil, n)
        self.assert_released(gilbench.fibonacci, n, gil="release")
        self.assert_released(gilbench.spin, 0.03, gil="release")
        self.assert_released(gilbench.sleep, 0.03, gil="release")


def isolated_interpreter_api():
    """(module, create keyword arguments) of CPython's private API for an interpreter with
    its own GIL (3.12 and later), or None."""
    if sys.version_info < (3, 12):
        return None
    for name, kwargs in (("_interpreters", {}), ("_xxsubinterpreters", {"isolated": True})):
        try:
            return __import__(name), kwargs
        except ImportError:
            pass
    return None


@unittest.skipIf(isolated_interpreter_api() is None, "needs interpreters with their own GIL")
class OwnGilInterpreter(unittest.TestCase):
    def test_imports_and_runs_in_an_interpreter_with_its_own_gil(self):
        # refused ("does not support loading in subinterpreters") without the
        # Py_mod_multiple_interpreters slot
        api, kwargs = isolated_interpreter_api()
        interp = api.create(**kwargs)
        try:
            code = ("import sys; sys.path.insert(0, %r); import gilbench\n"
                    "assert gilbench.fibonacci(50, gil='release') == %d\n"
                    "assert gilbench.last_probe() is not None\n" % (MODULE_DIR, FIB_50))
            failure = api.run_string(interp, code)  # 3.13 returns it, 3.12 raises it
            self.assertIsNone(failure)
        finally:
            api.destroy(interp)


class DoubleRelease(unittest.TestCase):
    def run_double_release(self):
        code = "import sys; sys.path.insert(0, %r); import gilbench; gilbench.double_release()"
        return subprocess.run([sys.executable, "-I", "-c", code % MODULE_DIR],
                              capture_output=True, text=True, timeout=60)

    @unittest.skipIf(sys.version_info >= (3, 13), "Python 3.13 no longer checks: see below")
    def test_the_process_aborts_with_the_fatal_error(self):
        proc = self.run_double_release()
        self.assertEqual(proc.returncode, -signal.SIGABRT, proc.stderr)
        # Python 3.8 and 3.9 say "NULL tstate"; 3.10 to 3.12 that "the current Python
        # thread state is NULL"
        self.assertRegex(proc.stderr, r"Fatal Python error: PyEval_SaveThread: "
                                      r"(NULL tstate|.*thread state is NULL)")

    @unittest.skipIf(sys.version_info < (3, 13), "Python < 3.13 aborts: see above")
    def test_the_process_dies_by_a_signal(self):
        # 3.13 detaches a NULL thread state without checking it first: a segfault
        proc = self.run_double_release()
        self.assertIn(proc.returncode, (-signal.SIGSEGV, -signal.SIGABRT), proc.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
