"""The peers (peers/, docs/peers.md) imported by a plain python3: the same two functions as
the C API's gilbench module, built with pybind11, PyO3 and Cython.

Run by CTest as `$GB_PYTHON -I tests/python/test_peers.py`, with GB_MODULE_DIR the folder of
the built modules. A peer that was not built (its toolchain missing) is skipped with the
reason the build gave (GB_PEERS_SKIPPED), unless GB_PEERS_REQUIRED=1: then it fails. Whether
a function releases the GIL is checked as test_module.py does: by elapsed times of short
work with wide margins, retried, and skipped when other processes take the CPUs.
"""
import glob
import os
import sys
import threading
import time
import unittest

MODULE_DIR = os.environ.get("GB_MODULE_DIR")
if not MODULE_DIR:
    sys.exit("test_peers.py: set GB_MODULE_DIR to the folder holding the built modules")
sys.path.insert(0, MODULE_DIR)

PEERS = ("gilbench_pybind11", "gilbench_pyo3", "gilbench_cython")
REQUIRED = os.environ.get("GB_PEERS_REQUIRED") == "1"
SKIPPED = [s for s in os.environ.get("GB_PEERS_SKIPPED", "").split("|") if s]
FIB_50 = 12586269025


def usable_cpus():
    return min(os.cpu_count() or 1, len(os.sched_getaffinity(0)))


def peer(name):
    """The peer module, or a skip (a failure when peers are required) saying why not."""
    if not glob.glob(os.path.join(MODULE_DIR, name + ".*.so")):
        why = next((s for s in SKIPPED if s.startswith(name + ":") or s.startswith("every")),
                   name + ": not built")
        if REQUIRED:
            raise AssertionError("%s was not built although GB_PEERS_REQUIRED=ON (%s)"
                                 % (name, why))
        raise unittest.SkipTest(why)
    return __import__(name)


def cpu_time_of(fn, n):
    """(elapsed, thread CPU) seconds of fn(n) on this thread."""
    t0, c0 = time.perf_counter(), time.thread_time()
    fn(n)
    return time.perf_counter() - t0, time.thread_time() - c0


class PeerTests:
    NAME = None
    BAD = (-1, 2 ** 64, "10", 1.5, None)

    def setUp(self):
        self.mod = peer(self.NAME)

    def test_is_the_module_just_built(self):
        self.assertEqual(os.path.realpath(os.path.dirname(self.mod.__file__)),
                         os.path.realpath(MODULE_DIR))

    def test_fibonacci_of_50_and_of_the_first_values(self):
        for fn in (self.mod.fibonacci_gil, self.mod.fibonacci_nogil):
            self.assertEqual(fn(50), FIB_50)
            self.assertEqual(fn(0), 0)
            self.assertEqual(fn(1), 1)
            self.assertEqual(fn(n=50), FIB_50)

    def test_wraps_around_on_uint64_like_the_c_api(self):
        for fn in (self.mod.fibonacci_gil, self.mod.fibonacci_nogil):
            self.assertEqual(fn(93), 12200160415121876738)
            self.assertEqual(fn(100), 354224848179261915075 % 2 ** 64)

    def test_bad_arguments_raise_instead_of_crashing(self):
        for fn in (self.mod.fibonacci_gil, self.mod.fibonacci_nogil):
            for bad in self.BAD:
                with self.assertRaises((TypeError, ValueError, OverflowError), msg=repr(bad)):
                    fn(bad)

    def test_every_function_has_a_docstring(self):
        for fn in (self.mod.fibonacci_gil, self.mod.fibonacci_nogil):
            self.assertIn(fn.__name__, fn.__doc__)

    def calibrate(self):
        """n such that one call takes about 50 ms here."""
        n = 10 ** 6
        while True:
            dt, _ = cpu_time_of(self.mod.fibonacci_gil, n)
            if dt > 0.01:
                return max(1, int(n * 0.05 / dt))
            n *= 4

    def pair(self, first, second, n):
        """Elapsed time of first(n) and second(n) started one after the other in two threads
        (nogil+gil, as the seed does), and whether either was short of CPU meanwhile."""
        cpu = [0.0, 0.0]
        wall = [0.0, 0.0]

        def body(i, fn):
            wall[i], cpu[i] = cpu_time_of(fn, n)

        threads = [threading.Thread(target=body, args=(0, first)),
                   threading.Thread(target=body, args=(1, second))]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - t0, any(c < 0.8 * w for c, w in zip(cpu, wall))

    @unittest.skipIf(usable_cpus() < 2, "needs two CPUs")
    def test_nogil_releases_the_gil_so_nogil_plus_gil_runs_at_once(self):
        n = self.calibrate()
        starved = False
        for _ in range(5):
            one = min(cpu_time_of(self.mod.fibonacci_gil, n)[0] for _ in range(3))
            both, short = self.pair(self.mod.fibonacci_nogil, self.mod.fibonacci_gil, n)
            if both <= 1.5 * one:
                return
            starved = starved or short
            time.sleep(0.2)
        if starved:
            self.skipTest("the CPUs are busy with other work: nogil+gil took %.3f s, one call "
                          "%.3f s" % (both, one))
        self.fail("nogil+gil took %.3f s, one call %.3f s: expected <= 1.5x (serial is 2x)"
                  % (both, one))

    @unittest.skipIf(usable_cpus() < 2, "needs two CPUs")
    def test_gil_holds_the_gil_so_gil_plus_gil_is_serial(self):
        n = self.calibrate()
        for _ in range(5):
            one = min(cpu_time_of(self.mod.fibonacci_gil, n)[0] for _ in range(3))
            both, _ = self.pair(self.mod.fibonacci_gil, self.mod.fibonacci_gil, n)
            if both >= 1.6 * one:
                return
        self.fail("gil+gil took %.3f s, one call %.3f s: expected >= 1.6x" % (both, one))


class Pybind11(PeerTests, unittest.TestCase):
    NAME = "gilbench_pybind11"


class PyO3(PeerTests, unittest.TestCase):
    NAME = "gilbench_pyo3"


class Cython(PeerTests, unittest.TestCase):
    NAME = "gilbench_cython"
    BAD = (-1, 2 ** 64, "10", None)  # Cython 0.29 truncates a float to a C integer: 1.5 -> 1


if __name__ == "__main__":
    unittest.main(verbosity=2)
