#!/usr/bin/env python3
"""run.py - runs the Vestibule integration tests against a running stack.

    python3 tests/integration/run.py [FILTER ...]

Every function named test_* in tests/integration/test_*.py is one test; it
passes when it returns and fails when it raises (the reason is printed with
its name).  FILTER keeps only tests whose "module.function" name contains one
of the given substrings.  After the tests, "no_500_responses" fails if any
answer of the run had status 500.  The last line is exactly "N passed, N failed";
the exit status is 1 if any test failed.

Tests run one at a time: several look at the whole database (a hostile
request must change nothing) and one kills a worker.  The environment is
described in vbtest.py (conf/devstack.sh test sets it).
"""

import importlib
import inspect
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import vbtest  # noqa: E402


def discover():
    """[(name, function)] in file order, then definition order."""
    tests = []
    for fn in sorted(os.listdir(HERE)):
        if not (fn.startswith("test_") and fn.endswith(".py")):
            continue
        try:
            mod = importlib.import_module(fn[:-3])
        except Exception as e:  # a broken module is one failed test, not a crash
            def broken(e=e):
                raise e
            tests.append(("%s.<import>" % fn[:-3], broken))
            continue
        funcs = [(f.__code__.co_firstlineno, n, f) for n, f in vars(mod).items()
                 if n.startswith("test_") and inspect.isfunction(f) and f.__module__ == mod.__name__]
        for _, n, f in sorted(funcs, key=lambda x: x[0]):
            tests.append(("%s.%s" % (mod.__name__, n), f))
    return tests


def reason(e):
    if isinstance(e, AssertionError) and str(e):
        where = ""
        for fs in reversed(traceback.extract_tb(e.__traceback__)):
            if os.path.basename(fs.filename).startswith("test_"):
                where = " [%s:%d]" % (os.path.basename(fs.filename), fs.lineno)
                break
        return str(e) + where
    tb = traceback.format_exception(type(e), e, e.__traceback__)
    return "".join(tb[-4:]).strip()


def run_one(name, fn):
    vbtest.set_current_test(name)
    t0 = time.monotonic()
    try:
        fn()
        ok, why = True, ""
    except Exception as e:  # any exception is this test's failure
        ok, why = False, reason(e)
    dt = time.monotonic() - t0
    return name, ok, why, dt


def report(name, ok, why, dt):
    if ok:
        print("ok    %-60s %5.1fs" % (name, dt), flush=True)
    else:
        print("FAIL  %-60s %5.1fs\n      %s" % (name, dt, why.replace("\n", "\n      ")), flush=True)


def wait_ready(timeout=30):
    """The stack may still be starting: wait for the public API to answer."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            r = vbtest.Client(addr="127.0.0.1").get("/api/auth/privacy")
            if r.status == 200:
                return None
            last = "status %d" % r.status
        except OSError as e:
            last = str(e)
        time.sleep(0.5)
    return last


def main(argv):
    filters = [a for a in argv if not a.startswith("-")]

    missing = [v for v in ("VB_MAIL_DIR", "VB_CONF", "VB_ADMIN", "VB_DB_SOCKET", "VB_RUN_DIR")
               if not os.environ.get(v)]
    if missing:
        print("warning: %s not set; tests that need them will fail" % ", ".join(missing))

    tests = discover()
    if filters:
        tests = [(n, f) for n, f in tests if any(s in n for s in filters)]
    notready = wait_ready()
    if notready:
        print("warning: %s does not answer GET /api/auth/privacy with 200 (%s)"
              % (vbtest.BASE_URL, notready), flush=True)

    results = []
    t0 = time.monotonic()
    for n, f in tests:
        r = run_one(n, f)
        report(*r)
        results.append(r)

    # Every 500 is a bug, whichever test provoked it.
    vbtest.set_current_test("no_500_responses")
    bad = [x for x in vbtest.RESPONSES if x[3] == 500]
    if bad:
        r = ("no_500_responses", False,
             "%d answers were 500: %s" % (len(bad), "; ".join("%s: %s %s" % (t, m, p)
                                                              for t, m, p, _ in bad[:10])), 0.0)
    else:
        r = ("no_500_responses", True, "", 0.0)
    report(*r)
    results.append(r)

    passed = sum(1 for r in results if r[1])
    failed = len(results) - passed
    print("(%d HTTP requests, %.0f s)" % (len(vbtest.RESPONSES), time.monotonic() - t0))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
