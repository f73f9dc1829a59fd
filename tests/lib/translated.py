#!/usr/bin/env python3
"""Do the messages of a run in another language say what the English ones do?

    tests/lib/translated.py PO EXPECT STDERR

EXPECT holds lines as the bad-content cases write them, in English
("content/products/x/product.json:5:12: error: \"stars\" must be a
number, not a string"). STDERR is what the same case printed in the
language of PO (po/vi.po). For each line of EXPECT, STDERR must hold a
line at the same place with the translated "error" (or "warning"); its
message must be the translation when the English is one message of the
catalogue, and otherwise (a message with values in it, or made of several)
hold no piece of three English words or more of any message of the
catalogue that its translation does not keep, and not be the English.

Exit status 0 when every line is so, 1 (with what is wrong on stdout)
when not, 2 on wrong usage.
"""

import re
import sys

CONVERSION = re.compile(r"%(?:(\d+)\$)?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|z|j|t|L)?([diouxXeEfgGcsp%])")


def unquote(s):
    """The text of a PO string literal's inside."""
    out, i = [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append(escapes.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read_po(path):
    """{msgid: msgstr} of the translated, not fuzzy, entries; the singular
    and the plural of an entry with plurals both give its msgstr[0]."""
    entries, cur, key, fuzzy = {}, {}, None, False

    def done():
        nonlocal cur, fuzzy
        msgid = cur.get("msgid")
        strs = [cur[k] for k in sorted(cur) if k.startswith("msgstr")]
        if msgid and strs and strs[0] and not fuzzy:
            entries[msgid] = strs[0]
            if cur.get("msgid_plural"):
                entries[cur["msgid_plural"]] = strs[-1]
        cur, fuzzy = {}, False

    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if cur:
                done()
            key = None
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if line.startswith("#"):
            continue
        m = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$', line)
        if m:
            key = m.group(1)
            cur[key] = unquote(m.group(2))
        elif line.startswith('"') and key:
            cur[key] += unquote(line[1:-1])
    if cur:
        done()
    return entries


class Catalogue:
    def __init__(self, path):
        self.tr = read_po(path)
        # The English of each message, cut at its placeholders: the
        # pieces of three words or more that its translation does not
        # keep (a field name in quotes, "JSON", is kept on purpose).
        self.english = set()
        for msgid, msgstr in self.tr.items():
            for piece in CONVERSION.split(msgid):
                if not piece:
                    continue
                piece = piece.strip(" :;,.()\"'?\n")
                if len(re.findall(r"[A-Za-z]+", piece)) >= 3 and piece not in msgstr:
                    self.english.add(piece)

    def untranslated(self, line):
        """The English pieces of messages that line holds."""
        return sorted(p for p in self.english if p in line)


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    cat = Catalogue(argv[1])
    # A line quoted from a file may hold bytes that are no UTF-8.
    err = open(argv[3], encoding="utf-8", errors="replace").read().splitlines()
    missing = []
    for line in open(argv[2], encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r"^(.*?): (error|warning|note): (.*)$", line)
        if not m:
            continue
        where, level, message = m.groups()
        head = f"{where}: {cat.tr.get(level, level)}: "
        shown = [e[len(head):] for e in err if e.startswith(head)]
        if not shown:
            missing.append(f"no {cat.tr.get(level, level)} at {where}")
            continue
        if message in cat.tr:
            if cat.tr[message] not in shown:
                missing.append(f"missing: {head}{cat.tr[message]}")
            continue
        # The line of the same place that is most like the English one.
        best = min(shown, key=lambda s: len(cat.untranslated(s)))
        left = cat.untranslated(best)
        if left:
            missing.append(f"in English at {where}: {left[0]!r} in: {best}")
        elif message in shown:
            missing.append(f"not translated at {where}: {message}")
    # And no message of the run, warnings and notes too, left in English.
    for e in err:
        m = re.match(r"^(.*?): ([^:]+): (.*)$", e)
        if m and m.group(2) in (cat.tr.get("error"), cat.tr.get("warning"), cat.tr.get("note")):
            left = cat.untranslated(m.group(3))
            if left:
                missing.append(f"in English at {m.group(1)}: {left[0]!r} in: {m.group(3)}")
    for m in missing:
        print(m)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
