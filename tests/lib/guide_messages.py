#!/usr/bin/env python3
"""Are the messages the user guide quotes those the tool prints?

    tests/lib/guide_messages.py GUIDE PRINTED

GUIDE is docs/huong-dan.md; PRINTED, what ocopgen printed in Vietnamese
over many runs (the bad cases, a new product checked, a build). The
messages the guide quotes are the code spans of the first column of its
tables headed "Thông báo", and the lines of its example blocks that hold
": lỗi: " or start with "ocopgen: ". Each, cut at its "…" (the guide leaves a part out), must
be one line of PRINTED that holds its pieces in order. Exit status 0
when every one is, 1 (naming those that are not) when not.
"""

import re
import sys


def quoted(guide):
    out = []
    fence = False
    table = None  # the first cell of the current table's header
    for line in open(guide, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("```"):
            fence = not fence
            continue
        if fence:
            if ": lỗi: " in line or line.startswith("ocopgen: "):
                out.append(line.strip())
            continue
        if not line.startswith("|"):
            table = None
            continue
        if table is None:
            table = line.split("|")[1].strip()
            continue
        m = re.match(r"^\| `([^`]+)` \|", line)
        if m and table == "Thông báo":
            out.append(m.group(1))
    return out


def printed_has(lines, quote):
    pieces = [p.strip() for p in quote.split("…") if p.strip()]
    for line in lines:
        at = 0
        for p in pieces:
            k = line.find(p, at)
            if k < 0:
                break
            at = k + len(p)
        else:
            return True
    return False


def main(argv):
    if len(argv) != 3:
        print("usage: guide_messages.py GUIDE PRINTED", file=sys.stderr)
        return 2
    lines = open(argv[2], encoding="utf-8", errors="replace").read().splitlines()
    wrong = [q for q in quoted(argv[1]) if not printed_has(lines, q)]
    for q in wrong:
        print(f"not printed: {q}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
