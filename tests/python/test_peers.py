"""The peers (peers/, docs/peers.md) imported by a plain python3: the same two functions as
the C API's gilbench module, built with pybind11, PyO3 and Cython.

Run by CTest as `$GB_PYTHON -I tests/python/test_peers.py`, with GB_MODULE_DIR the folder of
the built modules. A peer that was not built (its toolchain missing) is skipped with the
reason the build gave (GB_PEERS_SKIPPED), unless GB_PEERS_REQUIRED=1: then it fails. Whether
a function releases the GIL is checked by evidence a busy machine cannot fake, as
test_module.py does: whether another thread ran Python while the call worked (none at all
while it holds the GIL). How much faster nogil+gil finishes than gil+gil is a benchmark's
question (scenarios/peers), and the driver's verdicts from GIL evidence are tested in
tests/integration/test_peers.sh.
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


def progress_inside(fn, n):
    """Call fn(n) in another thread while this thread runs a Python loop that stamps the clock;
    return how many stamps fall strictly between the other thread's clock reads just before
    and just after the call.

    A stamp is read by Python code: this thread held the GIL when it took it. The switch
    interval is raised to 1 s meanwhile, so that the interpreter does not take the GIL from
    the other thread between its clock read and the call, nor after the call: then a function
    that holds the GIL leaves no stamp inside, exactly, however busy the machine is, and one
    that releases it leaves the stamps this thread took while it ran (time.sleep(0) in the
    loop hands the GIL back as soon as the call returns)."""
    bounds = [0, 0]
    finished = [False]

    def body():
        bounds[0] = time.monotonic_ns()
        fn(n)
        bounds[1] = time.monotonic_ns()
        finished[0] = True

    stamps = []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1.0)
    try:
        t = threading.Thread(target=body)
        t.start()
        while not finished[0]:
            stamps.append(time.monotonic_ns())
            time.sleep(0)
        t.join()
    finally:
        sys.setswitchinterval(interval)
    return sum(1 for s in stamps if bounds[0] < s < bounds[1])


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
        """n such that one call takes about 50 ms of CPU here (thread CPU time, which a busy
        neighbour does not stretch)."""
        n = 10 ** 6
        while True:
            _, dt = cpu_time_of(self.mod.fibonacci_gil, n)
            if dt > 0.01:
                return max(1, int(n * 0.05 / dt))
            n *= 4

    def test_gil_lets_no_python_run_meanwhile(self):
        self.assertEqual(progress_inside(self.mod.fibonacci_gil, self.calibrate()), 0)

    def test_nogil_lets_python_run_meanwhile(self):
        n = self.calibrate()
        counts = []
        for _ in range(3):  # a call during which this thread found no free CPU at all
            counts.append(progress_inside(self.mod.fibonacci_nogil, n))
            if counts[-1] > 0:
                return
        self.fail("fibonacci_nogil: no Python ran beside it in 3 calls (stamps inside: %s)"
                  % counts)


class Pybind11(PeerTests, unittest.TestCase):
    NAME = "gilbench_pybind11"


class PyO3(PeerTests, unittest.TestCase):
    NAME = "gilbench_pyo3"


class Cython(PeerTests, unittest.TestCase):
    NAME = "gilbench_cython"
    BAD = (-1, 2 ** 64, "10", None)  # Cython 0.29 truncates a float to a C integer: 1.5 -> 1


if __name__ == "__main__":
    unittest.main(verbosity=2)
