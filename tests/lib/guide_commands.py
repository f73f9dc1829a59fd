#!/usr/bin/env python3
"""Does every command of the user guide do what the guide says?

    tests/lib/guide_commands.py GUIDE OCOPGEN ROOT WORK

Runs, in the order of GUIDE (docs/huong-dan.md), every ocopgen command
it shows (the lines of its sh blocks and its code spans that start with
"ocopgen "), in Vietnamese (LC_ALL=vi_VN.UTF-8, a locale that need not be
installed), with OCOPGEN for "ocopgen", in WORK/ocopgen: a fresh copy of
the bundled catalogue (ROOT/content), as the guide's reader has it after
`make`. The guide's other catalogue, danh-muc-cua-toi, is a copy of it
beside. Each command must exit 0 and print no English message, except
those the guide shows being refused (a name with marks), which must exit
1 and name the id to use. `serve` is run until it says where it serves;
`import FILE` reads the catalogue's own export (products.csv) when FILE
is the guide's example. The install steps (su, git, make) are the fresh
suite's, and are not run here.

Prints one line per command, "ok - guide: ..." or "not ok - guide: ...",
in the test harness's format; exit status 1 when any failed.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

# A message left in English: three English words running, in a line of
# what ocopgen printed that is a message (after "ocopgen: " or a place).
ENGLISH = re.compile(r"\b(?:the|is|are|not|and|or|to|of|in|a|an|with|for|this|that|write|cannot|missing|file|folder)\s+[a-z]+\s+[a-z]+\b")


def commands(guide):
    out = []
    fence = False
    for line in open(guide, encoding="utf-8"):
        s = line.strip()
        if s.startswith("```"):
            fence = not fence and s != "```" and s[3:] in ("sh", "")
            continue
        if fence:
            if s.startswith("ocopgen "):
                out.append(s)
            continue
        for span in re.findall(r"`(ocopgen [^`]+)`", line):
            out.append(span)
    seen, uniq = set(), []
    for c in out:
        if c not in seen and "…" not in c:
            seen.add(c)
            uniq.append(c)
    return uniq


def english(text):
    for line in text.splitlines():
        m = re.match(r"^(?:ocopgen: |[^ ]+:\d+:\d+: [^:]+: |[^ ]+: [^:]+: )(.*)$", line)
        if m and ENGLISH.search(m.group(1)):
            return line
    return None


def serve(ocopgen, args, site, env):
    """What `ocopgen serve ARGS` says until it says where it serves (a
    minute at most); then it is stopped as Ctrl-C stops it."""
    p = subprocess.Popen([ocopgen] + args + ["--port", "0"], cwd=site, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, start_new_session=True)
    said = ""
    deadline = time.time() + 60
    while time.time() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        said += line
        if "http://" in line:
            break
    os.killpg(p.pid, signal.SIGINT)
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
    return said


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    guide, ocopgen, root, work = argv[1:]
    site = os.path.join(work, "ocopgen")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(site)
    shutil.copytree(os.path.join(root, "content"), os.path.join(site, "content"))
    shutil.copytree(os.path.join(root, "content"), os.path.join(site, "danh-muc-cua-toi", "content"))
    env = dict(os.environ)
    env.pop("LANGUAGE", None)
    env["LC_ALL"] = "vi_VN.UTF-8"
    failed = 0
    # The export the guide's spreadsheet comes from.
    subprocess.run([ocopgen, "build", "-q"], cwd=site, env=env, capture_output=True)
    for cmd in commands(guide):
        args = [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', cmd)][1:]
        refused = args[:1] == ["new"] and any(re.search(r"[^\x00-\x7f]", a) for a in args[2:3])
        if args[:1] == ["import"] and args[1:2] == ["products.xlsx"]:
            args[1] = "public/vi/products.csv"
        if args[:1] == ["serve"]:
            said = serve(ocopgen, args, site, env)
            good, why = "http://" in said, "it never said where it serves"
        else:
            r = subprocess.run([ocopgen] + args, cwd=site, env=env, capture_output=True, text=True, timeout=600)
            said = r.stdout + r.stderr
            if refused:
                good, why = r.returncode != 0 and "mien-dong-na-ri" in said, "not refused with the id to use"
            else:
                good, why = r.returncode == 0, f"exit status {r.returncode}"
        left = english(said)
        if not good or left:
            why = why if not good else f"a message in English: {left}"
            print(f"not ok - guide: {cmd}: {why}\n# " + "\n# ".join(said.splitlines()[-5:]))
            failed += 1
        else:
            print(f"ok - guide: {cmd}")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
