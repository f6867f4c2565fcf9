#!/usr/bin/env python3
"""Drives lst's interactive prompt through a pseudo-terminal.

usage: test_repl.py LST

Each check starts lst on a new pty (with HOME in a fresh temporary folder,
so the history file is the test's own), types keys, and asserts on what the
terminal shows.  Ends with the line 'N passed, M failed'.
"""
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

LST = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/lst"
HERE = os.path.dirname(os.path.abspath(__file__))


class Session:
    def __init__(self, home, args=(), exe=LST):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            env = dict(os.environ, HOME=home, TERM="xterm", PYTHONHASHSEED="0")
            env.pop("LST_HISTORY", None)
            os.execve(exe, [exe] + list(args), env)
        self.out = b""
        self.banner = self.expect(">>> ")

    def read(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    return
                if not chunk:
                    return
                self.out += chunk

    def expect(self, text, seconds=5.0):
        """Waits until text has appeared after the last mark; returns what came."""
        end = time.time() + seconds
        while time.time() < end:
            at = self.out.find(text.encode())
            if at >= 0:
                seen = self.out[: at + len(text)]
                self.out = self.out[at + len(text):]
                return seen.decode("utf-8", "replace")
            self.read(0.05)
        raise AssertionError(f"did not see {text!r}; got {self.out.decode('utf-8', 'replace')!r}")

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def line(self, text):
        """Types a line and returns what appears before the next prompt."""
        self.send(text + "\r")
        return self.expect_prompt()

    def expect_prompt(self):
        seen = self.expect_any([">>> ", "... "])
        return seen

    def expect_any(self, texts, seconds=5.0):
        end = time.time() + seconds
        while time.time() < end:
            hits = [(self.out.find(t.encode()), t) for t in texts]
            hits = [(at, t) for at, t in hits if at >= 0]
            if hits:
                at, t = min(hits)
                seen = self.out[: at + len(t)]
                self.out = self.out[at + len(t):]
                return seen.decode("utf-8", "replace")
            self.read(0.05)
        raise AssertionError(f"did not see any of {texts!r}; got {self.out.decode('utf-8', 'replace')!r}")

    def mark(self, name):
        """Prints a marker and returns everything shown before it: a robust
        end of output when line editing redraws prompts."""
        self.send(f"print('@@{name}')\r")
        seen = self.expect(f"\n@@{name}\r\n")
        self.expect(">>> ")
        return seen

    def close(self):
        """Ctrl-D on an empty line; returns the exit status."""
        self.send("\x04")
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def check_expression_echo(home):
    s = Session(home)
    out = s.line("x = [1, 2, 3]")
    assert "x = [1, 2, 3]" in out and "[1, 2" not in out.split("\n", 1)[-1], out
    assert "[1, 2, 3]" in s.line("x")
    assert s.line("None").strip().endswith(">>>") or "None\r\n" not in s.out.decode()
    assert "6" in s.line("sum(x)")
    assert "7" in s.line("_ + 1"), "_ holds the last value"
    assert s.close() == 0


def check_multiline_definition(home):
    s = Session(home)
    assert "..." in s.line("def double(v):")
    assert "..." in s.line("    return v * 2")
    s.line("")
    assert "42" in s.line("double(21)")
    s.line("for i in range(2):")
    s.line("    print('row', i)")
    out = s.line("")
    assert "row 0" in out and "row 1" in out, out
    assert s.close() == 0


def check_error_then_more_input(home):
    s = Session(home)
    out = s.line("[1, 2][5]")
    assert "Traceback (most recent call last):" in out and "IndexError: list index out of range" in out, out
    out = s.line("x = = 1")
    assert "SyntaxError: invalid syntax" in out, out
    assert "3" in s.line("1 + 2"), "the prompt goes on after errors"
    assert s.close() == 0


def check_history(home):
    s = Session(home)
    s.line("y = 40 + 2")
    s.send("\x1b[A")                 # up arrow recalls the last line
    s.read(0.3)
    s.send("\r")
    out = s.mark("history")
    assert "y = 40 + 2" in out, out
    assert "42" in s.line("y")
    assert s.close() == 0
    s = Session(home)                # a new session reads the history file
    s.send("\x1b[A")
    s.read(0.3)
    s.send("\r")
    out = s.mark("recalled")
    # the last line of the first session was `y`, not defined in this one
    assert ">>> y" in out and "NameError: name 'y' is not defined" in out, out
    assert os.path.exists(os.path.join(home, ".lst_history"))
    assert s.close() == 0


def check_ctrl_c(home):
    s = Session(home)
    s.send("while True: pass\r")
    s.read(0.2)
    s.send("\r")                     # the blank line that ends the statement
    s.read(0.5)
    os.kill(s.pid, signal.SIGINT)
    out = s.mark("after-loop")
    assert "KeyboardInterrupt" in out, out
    s.send("abandoned line")
    s.read(0.2)
    os.kill(s.pid, signal.SIGINT)
    out = s.mark("after-line")
    assert "KeyboardInterrupt" in out and "NameError" not in out, out
    assert "7" in s.line("3 + 4"), "the prompt works after Ctrl-C"
    assert s.close() == 0


def check_trace_and_mem(home):
    s = Session(home)
    s.line("lst = []")
    assert "allocation trace on" in s.line("%trace on")
    out = s.line("lst.append(1)")
    assert "[alloc] input=2 line=1 list=#1 name=lst op=append len=1 cap=0->4 size=56->88 copies=0" in out, out
    out = s.line("lst.extend([2, 3, 4, 5])")
    assert "[grow]" in out and "cap=4->8" in out, out
    assert "allocation trace off" in s.line("%trace off")
    assert "[grow]" not in s.line("lst.extend(range(20))")
    out = s.line("%mem lst")
    assert "len=25 cap=28 size=280" in out and "[#########################...]" in out, out
    out = s.line("%dis lst.append(6)")
    assert "LOAD_METHOD_APPEND" in out and "CALL_APPEND" in out, out
    assert "%trace" in s.line("%help")
    assert "growth rule 3.11" in s.line("%growth")
    assert "growth rule 3.8" in s.line("%growth 3.8")
    s.line("t = []")
    s.line("for i in range(10): t.append(i)")
    s.line("")
    out = s.line("%stats")
    assert "[stats] rule=3.8 list=all" in out and "name=t " in out and "peak_cap=16" in out, out
    out = s.line("%plot " + os.path.join(home, "session.svg"))
    assert "wrote" in out and "<polyline" in open(os.path.join(home, "session.svg")).read(), out
    assert "unknown growth rule" in s.line("%growth 2x")
    assert s.close() == 0


def check_completion(home):
    s = Session(home)
    s.line("passengers = ['Ann']")
    s.send("passen\t")
    s.read(0.3)
    s.send("\r")
    out = s.mark("names")
    assert "['Ann']" in out, out
    s.send("passengers.app\t")
    s.read(0.3)
    s.send("'Bob')\r")
    s.mark("attributes")
    assert "['Ann', 'Bob']" in s.line("passengers")
    assert s.close() == 0


def check_run_then_prompt(home):
    prog = os.path.join(home, "prog.lst")
    with open(prog, "w") as f:
        f.write("items = [1, 2, 3]\nprint('ran', len(items))\n")
    s = Session(home, ["-i", prog])
    assert "[1, 2, 3]" in s.line("items")
    assert s.close() == 0


def check_one_line_compound(home):
    # CPython's prompt waits for a blank line after any compound statement
    s = Session(home)
    out = s.line("for i in range(2): print('at', i)")
    assert out.endswith("... ") and "at 0" not in out, out
    out = s.line("")
    assert "at 0" in out and "at 1" in out, out
    out = s.line("class C: pass")
    assert out.endswith("... "), out
    s.line("")
    assert "C" in s.line("C.__name__")
    assert s.close() == 0


def check_non_ascii(home):
    s = Session(home)
    assert "'café'" in s.line('"café"')
    s.line('x = "naïve 中"')
    assert "7" in s.line("len(x)")
    assert s.close() == 0


def check_ctrl_d_in_block(home):
    # Ctrl-D at "... " ends the block, which runs, as in CPython
    s = Session(home)
    s.line("for i in range(2):")
    s.send("    print('ran', i)\r")
    s.expect("... ")
    s.send("\x04")
    out = s.expect(">>> ")
    assert "ran 0" in out and "ran 1" in out, out
    assert s.close() == 0


def check_bracket_errors_at_once(home):
    # an error inside an unclosed bracket is reported at once, as CPython does
    s = Session(home)
    out = s.line("z = [1, 2 3")
    assert "SyntaxError: invalid syntax. Perhaps you forgot a comma?" in out and out.endswith(">>> "), out
    out = s.line("y = [1, 2)")
    assert "closing parenthesis ')' does not match opening parenthesis '['" in out, out
    assert s.close() == 0


def check_underscore(home):
    # the echo sets the built-in _, which the program's own _ hides
    s = Session(home)
    s.line("_ = 5")
    assert "7" in s.line("7")
    assert "5" in s.line("_")
    s.line("del _")
    assert "5" in s.line("_"), "the built-in _ comes back"
    assert s.close() == 0


def check_site_names(home):
    s = Session(home)
    assert "Use exit() or Ctrl-D (i.e. EOF) to exit" in s.line("exit")
    assert "Use quit() or Ctrl-D (i.e. EOF) to exit" in s.line("quit")
    assert "Type help() for interactive help" in s.line("help")
    assert "Type license() to see the full license text" in s.line("license")
    s.send("exit(3)\r")
    _, status = os.waitpid(s.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 3, "SystemExit ends the prompt with its status"


def check_stdout_not_a_terminal(home):
    # `lst | tee log`: lines read plainly, prompts on stderr (as CPython)
    master, slave = pty.openpty()
    proc = subprocess.Popen([LST, "-q"], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, HOME=home))
    os.close(slave)
    os.write(master, b"print('piped')\n")
    os.write(master, b"\x04")
    out, err = proc.communicate(timeout=10)
    os.close(master)
    assert out == b"piped\n" and err.startswith(b">>> "), (out, err)


def check_save_transcript(home):
    s = Session(home)
    s.line("lst = [1, 2]")
    s.line("lst.append(3)")
    s.line("lst")
    s.line("for x in lst:")
    s.line("    print(x * 10)")
    s.line("")
    s.line("lst[5]")
    path = os.path.join(home, "session.txt")
    assert "saved 5 inputs" in s.line("%save " + path)
    assert s.close() == 0
    want = """>>> lst = [1, 2]
>>> lst.append(3)
>>> lst
[1, 2, 3]
>>> for x in lst:
...     print(x * 10)
... 
10
20
30
>>> lst[5]
Traceback (most recent call last):
  File "<stdin>", line 1, in <module>
IndexError: list index out of range
"""
    got = open(path).read()
    assert got == want, got
    # and CPython's doctest replays it
    done = subprocess.run([sys.executable, "-m", "doctest", path], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def check_line_editor_loaded(home):
    # the process at the prompt has libedit in it: a static lst has handed
    # over to lst-prompt, a dynamic one loaded it itself (a build without
    # libedit's headers has neither lst-prompt nor libedit's name)
    twin = os.path.join(os.path.dirname(LST), "lst-prompt")
    if not os.path.exists(twin) and b"libedit.so" not in open(LST, "rb").read():
        print("  (lst was built without libedit: nothing to check)")
        return
    s = Session(home)
    maps = open(f"/proc/{s.pid}/maps").read()
    assert "libedit" in maps, "no libedit at the prompt"
    assert s.close() == 0


def check_alone_reads_plain_lines(home):
    # lst copied without lst-prompt beside it: the prompt still works
    alone = os.path.join(home, "lst")
    shutil.copy(LST, alone)
    s = Session(home, exe=alone)
    assert "3" in s.line("1 + 2"), "the prompt answers"
    assert "[0, 1]" in s.line("list(range(2))")
    assert s.close() == 0


def main():
    checks = [check_expression_echo, check_multiline_definition, check_error_then_more_input, check_history,
              check_ctrl_c, check_trace_and_mem, check_completion, check_run_then_prompt,
              check_one_line_compound, check_non_ascii, check_ctrl_d_in_block, check_bracket_errors_at_once,
              check_underscore, check_site_names, check_stdout_not_a_terminal, check_save_transcript,
              check_line_editor_loaded, check_alone_reads_plain_lines]
    passed = failed = 0
    for check in checks:
        home = tempfile.mkdtemp(prefix="lst-repl-")
        try:
            check(home)
            passed += 1
            print(f"PASS {check.__name__}")
        except Exception as e:
            failed += 1
            where = traceback.extract_tb(e.__traceback__)[-1]
            print(f"FAIL {check.__name__} (line {where.lineno}: {where.line}): {e}")
        finally:
            shutil.rmtree(home, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
