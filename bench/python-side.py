# The Python half of `node-curand bench python` (bench/python.mjs): times CPython's `random` and
# NumPy's calls in this process with time.perf_counter, as the JavaScript half times node-curand's:
# per case one unit of work (n element-wise calls in a Python loop, or one vectorised call of n
# values), a warm-up unit, one unit to calibrate how many make a sample of min_sample_seconds, then
# `reps` samples round-robin. Input (standard input, JSON): { reps, min_sample_seconds, cases:
# [{ key, needs, setup, bind, call, loops, n }] }. Output (standard output, JSON): the versions,
# every case's samples in seconds per unit, and the cases skipped with the reason.
import json
import math
import platform
import random
import sys
import time

spec = json.load(sys.stdin)
try:
    import numpy as np
    numpy_version = np.__version__
    numpy_missing = None
except ImportError as error:
    np = None
    numpy_version = None
    numpy_missing = f'numpy cannot be imported here ({error})'


def unit_of(case):
    """The case's unit as a function of its own: the called method bound to a local once, as a
    Python programmer writing a hot loop would (the fastest element-wise Python)."""
    ns = {'random': random, 'np': np, 'n': case['n']}
    exec(case['setup'], ns)
    exec(
        'def unit():\n'
        f"    f = {case['bind']}\n"
        f"    for _ in range({case['loops']}):\n"
        f"        {case['call']}\n",
        ns,
    )
    return ns['unit']


def seconds_per_unit(unit, units):
    start = time.perf_counter()
    for _ in range(units):
        unit()
    return (time.perf_counter() - start) / units


units = {}
skipped = []
for case in spec['cases']:
    if case['needs'] == 'numpy' and np is None:
        skipped.append({'key': case['key'], 'reason': numpy_missing})
        continue
    units[case['key']] = unit_of(case)

calls = {}
for key, unit in units.items():
    seconds_per_unit(unit, 1)
    once = seconds_per_unit(unit, 1)
    calls[key] = max(1, math.ceil(spec['min_sample_seconds'] / max(once, 1e-9)))

samples = {key: [] for key in units}
keys = list(units)
for rep in range(spec['reps']):
    for i in range(len(keys)):
        key = keys[(i + rep) % len(keys)]
        samples[key].append(seconds_per_unit(units[key], calls[key]))

json.dump({
    'python': platform.python_version(),
    'implementation': platform.python_implementation(),
    'executable': sys.executable,
    'numpy': numpy_version,
    'samples': samples,
    'skipped': skipped,
}, sys.stdout)
