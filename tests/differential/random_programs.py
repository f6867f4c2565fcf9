#!/usr/bin/env python3
"""Differential fuzzer of the whole language: random programs run by lst
and by CPython, whose outputs must agree.

usage: random_programs.py LST [FIRST_SEED COUNT] [-j JOBS] [--keep DIR]

Each seed makes a program of random blocks: classes with random subsets of
special methods (comparisons, arithmetic with reflected and in-place forms,
truth, containers, __call__, context managers, descriptors, __getattr__),
inheritance, functions with try/except/finally and break/continue/return,
generators driven by next, send, throw and close, comprehensions, closures,
dicts, sets, strings and their formatting, copy and deepcopy, exceptions
with chaining, and sys.getsizeof of built-in values.  Every block runs
inside try/except, so one error does not end the program.

A program passes when lst's stdout and stderr equal CPython's (run with
PYTHONHASHSEED=0; addresses left out, the ^ and ~ markers of tracebacks
compared too), or when lst stops with an error that names what it does
not support and printed only what CPython printed up to there.  A failing seed is shrunk,
block by block, to a small program that still fails, which is printed.
Ends with 'N passed, M failed'.
"""
import concurrent.futures
import os
import random
import re
import subprocess
import sys
import tempfile

ADDRESS = re.compile(r"0x[0-9a-f]{6,16}")
REFUSAL = re.compile(r"NotImplementedError: .*not supported by lst")


class Gen:
    """Makes one program: a list of blocks, each a list of lines."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.classes = []  # (name, set of special methods it has)
        self.funcs = []
        self.gens = []
        self.n = 0

    def pick(self, *xs):
        return self.r.choice(xs)

    def chance(self, p):
        return self.r.random() < p

    def fresh(self, stem):
        self.n += 1
        return f"{stem}{self.n}"

    # ------------------------------------------------------------ values

    def atom(self):
        r = self.r
        return self.pick(
            str(r.randint(-9, 99)), str(r.randint(0, 5)), repr(self.word()), "None", "True", "False",
            repr(r.choice([0.5, 1.25, -2.0, 3.0, 1e-3, 2.5e10])), "[1, 2, 3]", "(1, 'a')", "{'k': 1}",
            "{1, 2}", "[]", "()", "''")

    def word(self):
        return self.r.choice(["a", "b", "ab", "hello", "x y", "Py", "tab\t", "e\u00e9", "42", "A-B"])

    def num(self):
        return str(self.r.randint(-20, 20))

    def instance(self):
        if not self.classes:
            return self.num()
        name, _ = self.r.choice(self.classes)
        return f"{name}({self.pick(self.num(), self.num(), repr(self.word()))})"

    def value(self):
        return self.instance() if self.chance(0.4) else self.atom()

    # ----------------------------------------------------------- classes

    SPECIALS = {
        "__repr__": ["def __repr__(self):", "    return f'{type(self).__name__}({self.v!r})'"],
        "__str__": ["def __str__(self):", "    return 'str:' + str(self.v)"],
        "__eq__": ["def __eq__(self, other):", "    if not isinstance(other, Base0):", "        return NotImplemented",
                   "    return self.v == other.v"],
        "__ne__": ["def __ne__(self, other):", "    return 'ne' if isinstance(other, int) else NotImplemented"],
        "__lt__": ["def __lt__(self, other):", "    if isinstance(other, Base0):", "        return str(self.v) < str(other.v)",
                   "    return NotImplemented"],
        "__gt__": ["def __gt__(self, other):", "    print('gt', type(other).__name__)",
                   "    return isinstance(other, int) and str(self.v) > str(other)"],
        "__le__": ["def __le__(self, other):", "    return NotImplemented"],
        "__hash__": ["def __hash__(self):", "    return hash(str(self.v))"],
        "__bool__": ["def __bool__(self):", "    return bool(self.v)"],
        "__len__": ["def __len__(self):", "    return len(str(self.v))"],
        "__add__": ["def __add__(self, other):", "    if isinstance(other, int):", "        return type(self)(str(self.v) + str(other))",
                    "    return NotImplemented"],
        "__radd__": ["def __radd__(self, other):", "    print('radd', other)", "    return [other, self.v]"],
        "__iadd__": ["def __iadd__(self, other):", "    self.v = str(self.v) * 2", "    return self"],
        "__sub__": ["def __sub__(self, other):", "    return ('sub', self.v, other)"],
        "__rsub__": ["def __rsub__(self, other):", "    return ('rsub', other, self.v)"],
        "__mul__": ["def __mul__(self, k):", "    return [self.v] * (k if isinstance(k, int) and 0 <= k < 5 else 1)"],
        "__rmul__": ["def __rmul__(self, k):", "    return ('rmul', k)"],
        "__neg__": ["def __neg__(self):", "    return 'neg ' + str(self.v)"],
        "__abs__": ["def __abs__(self):", "    return 7"],
        "__index__": ["def __index__(self):", "    return len(str(self.v)) % 4"],
        "__int__": ["def __int__(self):", "    return 11"],
        "__getitem__": ["def __getitem__(self, k):", "    return ('item', k)"],
        "__setitem__": ["def __setitem__(self, k, v):", "    print('set', k, v)"],
        "__delitem__": ["def __delitem__(self, k):", "    print('del', k)"],
        "__contains__": ["def __contains__(self, x):", "    return x == self.v"],
        "__iter__": ["def __iter__(self):", "    yield self.v", "    yield from range(2)"],
        "__call__": ["def __call__(self, *args, **kw):", "    return (args, sorted(kw))"],
        "__enter__": ["def __enter__(self):", "    print('enter', self.v)", "    return self.v"],
        "__exit__": ["def __exit__(self, t, e, tb):", "    print('exit', t.__name__ if t else None)",
                     "    return isinstance(e, KeyError)"],
        "__getattr__": ["def __getattr__(self, name):", "    if name.startswith('__'):", "        raise AttributeError(name)",
                        "    return 'got ' + name"],
        "prop": ["@property", "def prop(self):", "    return ('prop', self.v)"],
        "sm": ["@staticmethod", "def sm(x):", "    return x * 2"],
        "cm": ["@classmethod", "def cm(cls, x):", "    return (cls.__name__, x)"],
    }

    def klass(self):
        name = self.fresh("C")
        base = "Base0"
        if self.classes and self.chance(0.4):
            base = self.r.choice(self.classes)[0]
        methods = set(self.r.sample(sorted(self.SPECIALS), self.r.randint(2, 9)))
        if base == "Base0":
            methods.add("__repr__")
        lines = [f"class {name}({base}):"]
        if self.chance(0.3):
            lines.append(f"    '''Doc of {name}.'''")
        lines.append(f"    count = {self.r.randint(0, 3)}")
        if self.chance(0.7) or base == "Base0":
            lines += ["    def __init__(self, v):", f"        super().__init__(v)" if base != "Base0" else "        self.v = v",
                      f"        {name}.count += 1"]
        for m in sorted(methods):
            lines += ["    " + line for line in self.SPECIALS[m]]
        self.classes.append((name, methods))
        return lines

    # ------------------------------------------------------- statements

    def guarded(self, body):
        """A block run inside try/except, printing what went wrong."""
        return ["try:"] + ["    " + b for b in body] + [
            "except Exception as e:", "    print('!', type(e).__name__, e)"]

    def use_instance(self):
        a, b = self.instance(), self.value()
        k = self.pick("1", "'key'", "slice(1, 3)", "-1")
        return self.pick(
            [f"x = {a}", f"print(x == {b}, x != {b})"],
            [f"x = {a}", f"print(x < {b})"],
            [f"x = {a}", f"print({b} > x)"],
            [f"x = {a}", f"print(x <= {b}, x >= {b})"],
            [f"print({a} + {self.num()})"], [f"print({self.num()} + {a})"],
            [f"x = {a}", "y = x", f"x += {self.num()}", "print(x, x is y)"],
            [f"print({a} - {b}, {b} - {a})"], [f"print({a} * 3, 2 * {a})"],
            [f"print(-{a}, abs({a}))"],
            [f"x = {a}", "print(bool(x), not x, 'yes' if x else 'no')"],
            [f"print(len({a}))"],
            [f"x = {a}", f"print(x[{k}], x[1:2], x[::2])"],
            [f"x = {a}", f"x[{k}] = {b}", f"del x[{k}]"],
            [f"print({b} in {a})"],
            [f"print(list({a}))"],
            [f"print({a}(1, {b}, z=2))"],
            [f"with {a} as w:", "    print('inside', w)", f"    raise KeyError({self.num()})", "print('after')"],
            [f"print({a}.missing, getattr({a}, 'other', 'dflt'), hasattr({a}, 'v'))"],
            [f"print({a}.prop)"], [f"print({a}.sm(3), type({a}).cm(4))"],
            [f"s = {{{a}, {a}}}", "print(len(s))"],
            [f"d = {{{a}: 1}}", "print(list(d.values()))"],
            [f"print(repr({a}), str({a}), '{{!r}}'.format({a}))"],
            [f"x = {a}", "y = copy.copy(x)", "z = copy.deepcopy([x, x])", "print(y.v == x.v, y is x, z[0] is z[1], z[0] is x)"],
            [f"print(isinstance({a}, Base0), type({a}).__name__, type({a}).__mro__[1].__name__)"],
            [f"print(sorted([{a}, {a}], key=repr))"],
            [f"print([{self.num()}, 1] * {a})"],
            [f"print(range(10)[{a}])"],
            [f"print(int({a}), vars({a}))"],
            [f"x = {a}", "print(type(x).count, x.__class__.__name__)"],
        )

    def function(self):
        name = self.fresh("f")
        body = self.pick(
            ["for i in range(5):", "    try:", "        if i == {k}: continue", "        if i == {m}: break",
             "        print('body', i)", "    finally:", "        print('finally', i)", "return i"],
            ["try:", "    return {v}", "finally:", "    print('cleanup')"],
            ["try:", "    raise ValueError({v})", "except ValueError as e:", "    return ('caught', e.args)",
             "finally:", "    print('fin')"],
            ["total = 0", "for i in range({k}):", "    for j in range(3):", "        if j == i: break",
             "        total += j", "    else:", "        total += 100", "return total"],
            ["x = {v}", "def inner():", "    nonlocal x", "    x = [x]", "    return x", "inner()", "return x"],
            ["try:", "    try:", "        1 / 0", "    finally:", "        print('inner')", "except ZeroDivisionError as e:",
             "    print('outer', e)", "    return 'done'"],
            ["while True:", "    try:", "        break", "    finally:", "        print('loop fin')", "return 'out'"],
            ["try:", "    raise KeyError({v})", "finally:", "    return 'swallowed'"],
            ["for i in range(3):", "    try:", "        raise ValueError(i)", "    except ValueError as e:",
             "        if i < {k}: continue", "        return str(e)", "    finally:", "        print('f', i)"],
        )
        lines = [f"def {name}():"] + ["    " + b.format(k=self.r.randint(0, 4), m=self.r.randint(0, 4), v=self.atom())
                                       for b in body]
        self.funcs.append(name)
        return lines

    def generator(self):
        name = self.fresh("g")
        body = self.pick(
            ["x = yield 'start'", "while x is not None:", "    x = yield f'got {x}'", "return 'end'"],
            ["try:", "    yield 1", "    yield 2", "finally:", "    print('gen finally')"],
            ["try:", "    yield 'a'", "except ValueError as e:", "    yield ('thrown', e.args)", "yield 'z'"],
            ["r = yield from range(3)", "yield r", "return 99"],
            ["for i in range(4):", "    if i == 2:", "        return i", "    yield i * i"],
            ["try:", "    yield 1", "except GeneratorExit:", "    print('closing')", "    raise"],
        )
        self.gens.append(name)
        return [f"def {name}():"] + ["    " + b for b in body]

    def drive_generator(self):
        g = self.r.choice(self.gens)
        return self.pick(
            [f"print(list({g}()))"],
            [f"it = {g}()", "print(next(it), it.send(5), it.send(6))"],
            [f"it = {g}()", "print(next(it))", "print(it.throw(ValueError('v')))"],
            [f"it = {g}()", "print(next(it))", "it.close()", "print('closed')"],
            [f"for v in {g}():", "    print('v', v)", "    break"],
            [f"it = {g}()", "for v in it:", "    print(v)", "try:", "    next(it)", "except StopIteration as e:",
             "    print('stop', e.value)"],
            [f"def outer():", f"    res = yield from {g}()", "    yield ('res', res)", "print(list(outer()))"],
        )

    def collections(self):
        n = self.r.randint(0, 12)
        return self.pick(
            [f"d = {{i: str(i) for i in range({n})}}", "d.update({'a': 1})", "del d['a']",
             "print(sys.getsizeof(d), list(d.items())[:3], d.keys() & {1, 2}, list(reversed(d)))"],
            [f"s = set(range({n}))", "t = s", "s |= {100}", "s &= set(range(50)) | {100}", "s -= {1}", "s ^= {2, 200}",
             "print(sorted(t), s is t, sys.getsizeof(s))"],
            [f"l = [x * x for x in range({n}) if x % 2]", "print(l, sys.getsizeof(l), sum(l), max(l, default=None))"],
            [f"print(dict.fromkeys('{self.word()}', 0), {{**{{'a': 1}}, 'b': 2}}, sys.getsizeof(dict(a=1, b=2)))"],
            [f"g = (i for i in range({n}))", "print(sum(g), list(g))"],
            [f"print(sorted({{str(i) for i in range({n})}}), {{k: v for k, v in zip('abc', range(3))}})"],
            [f"print(sys.getsizeof({n}), sys.getsizeof({2 ** self.r.randint(0, 62)}), sys.getsizeof('{self.word()}'), sys.getsizeof(tuple(range({n}))))"],
            [f"print([*range({n})][::{self.pick('2', '-1', '3')}], list(map(str, range(3))), list(filter(None, [0, 1, '', 'x'])))"],
            [f"print({{1, 2}} == {{2, 1}}, [1, 2] < [1, 3], (1, 'a') > (1,), {{'a': 1}}.keys() == {{'a'}})"],
            [f"print('{self.word()}'.split(), '{self.word()}'.find('a', 1), '{self.word()}'.center({n}, '*'), sys.getsizeof('a b'.split()))"],
            [f"print('{{0!r:>8}}|{{1:+.2f}}|{{x[0]}}'.format('{self.word()}', {self.r.random():.3f}, x=[7]), '%5.1f|%-4s|%03d' % (2.25, 'ab', {n}))"],
            [f"print(f'{{{n}:08b}} {{{n}!r}} {{\"{self.word()}\"!a}} {{{n}:,}}')"],
        )

    def exceptions(self):
        name = self.fresh("Err")
        return self.pick(
            [f"class {name}(ValueError):", "    pass", "try:", "    try:", f"        raise {name}('inner')",
             "    except ValueError as e:", "        raise KeyError('outer') from e", "except KeyError as e:",
             "    print(repr(e), repr(e.__cause__), e.__suppress_context__)"],
            ["try:", "    try:", "        [][1]", "    except IndexError:", "        {}['k']", "except KeyError as e:",
             "    print(repr(e), type(e.__context__).__name__)"],
            [f"class {name}(Exception):", "    def __init__(self, code):", "        super().__init__('code', code)",
             "        self.code = code", "try:", f"    raise {name}(3)", f"except {name} as e:", "    print(e.args, e.code, str(e))"],
            ["def f():", "    raise", "try:", "    try:", "        raise ValueError('v')", "    except ValueError:",
             "        f()", "except ValueError as e:", "    print('reraised', e)"],
        )

    def block(self):
        kind = self.r.random()
        if kind < 0.35 and self.classes:
            return self.guarded(self.use_instance())
        if kind < 0.45:
            return self.function() + [f"print({self.funcs[-1]}())"]
        if kind < 0.55:
            return self.generator() + self.guarded(self.drive_generator())
        if kind < 0.6 and self.gens:
            return self.guarded(self.drive_generator())
        if kind < 0.85:
            return self.guarded(self.collections())
        return self.guarded(self.exceptions())

    def program(self):
        blocks = [["import sys", "import copy"],
                  ["class Base0:", "    def __init__(self, v):", "        self.v = v"]]
        for _ in range(self.r.randint(1, 4)):
            blocks.append(self.klass())
        for _ in range(self.r.randint(6, 16)):
            blocks.append(self.block())
        if self.chance(0.1) and self.classes:
            blocks.append([f"print({self.instance()}.nonexistent_attr)"])
        return blocks


def text(blocks):
    return "\n".join(line for b in blocks for line in b) + "\n"


def normal(err):
    return ADDRESS.sub("0xADDR", err)


def run(cmd, path, timeout):
    env = dict(os.environ, PYTHONHASHSEED="0")
    try:
        p = subprocess.run(cmd + [path], capture_output=True, text=True, timeout=timeout, env=env,
                           errors="replace")
    except subprocess.TimeoutExpired:
        return None
    return p.returncode, ADDRESS.sub("0xADDR", p.stdout), normal(p.stderr).replace(path, "PROG")


def verdict(lst, blocks, folder):
    """None when lst agrees with CPython (or refuses by name in time); else
    what went wrong."""
    fd, path = tempfile.mkstemp(suffix=".py", dir=folder)
    with os.fdopen(fd, "w") as fh:
        fh.write(text(blocks))
    try:
        # a program runs in a tenth of a second; one that CPython does not
        # finish in 5 s (a loop the dice made endless) is not a test, and
        # lst need not wait for it too
        want = run([sys.executable], path, 5)
        if want is None:
            return None
        got = run([lst], path, 20)
    finally:
        os.unlink(path)
    if got is None:
        return "lst timed out"
    if got[0] < 0:
        return f"lst crashed (signal {-got[0]})"
    if got == want:
        return None
    last = got[2].strip().splitlines()[-1] if got[2].strip() else ""
    if REFUSAL.search(last) and want[1].startswith(got[1]):
        return None  # refused by name, after printing what CPython printed
    return "output differs"


def shrink(lst, blocks, folder):
    """Drops blocks (the imports and the first class stay) while the program
    still fails."""
    changed = True
    while changed:
        changed = False
        for i in range(len(blocks) - 1, 1, -1):
            trial = blocks[:i] + blocks[i + 1:]
            if verdict(lst, trial, folder):
                blocks = trial
                changed = True
    return blocks


def check(lst, seed, folder):
    blocks = Gen(seed).program()
    why = verdict(lst, blocks, folder)
    if not why:
        return seed, None
    small = shrink(lst, blocks, folder)
    return seed, f"seed {seed}: {why}\n--- a smaller program that fails:\n{text(small)}---"


def main():
    args = sys.argv[1:]
    jobs = os.cpu_count() or 1
    if "-j" in args:
        i = args.index("-j")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    if not args:
        print(__doc__)
        return 2
    lst = os.path.abspath(args[0])
    first = int(args[1]) if len(args) > 1 else 1
    count = int(args[2]) if len(args) > 2 else 100
    passed = failed = 0
    with tempfile.TemporaryDirectory() as folder:
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            for seed, report in pool.map(lambda s: check(lst, s, folder), range(first, first + count)):
                if report:
                    failed += 1
                    print(report, flush=True)
                else:
                    passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
