#!/usr/bin/env python3
"""Lists methods (and local functions, lambdas' enclosing members) of functions/ longer than a limit, counted from the
line of their signature to their closing brace. Run: python3 scripts/long-methods.py [limit, default 60]"""
import glob, os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "functions")
LIMIT = int(sys.argv[1]) if len(sys.argv) > 1 else 60
SIG = re.compile(r"^    (?:\[.*\]\s*)?(?:(?:public|private|internal|protected|static|async|override|sealed|virtual|partial|new|readonly|unsafe)\s+)+"
                 r"[\w<>\[\],\.\?\(\) ]+?\s+(\w+)\s*(?:<[^>]*>)?\s*\(")
found = []
for path in glob.glob(os.path.join(ROOT, "**", "*.cs"), recursive=True):
    if "/obj/" in path or "/bin/" in path:
        continue
    lines = open(path, encoding="utf-8-sig").read().split("\n")
    for i, line in enumerate(lines):
        m = SIG.match(line)
        if not m or re.search(r"\b(class|record|struct|interface)\b", line):
            continue
        # The member ends at the first later line at its own indentation that closes it ("    }" or "    };" or ends with ";").
        for j in range(i, len(lines)):
            if j > i and re.match(r"^    [}\]]", lines[j]):
                break
            if j == i and line.rstrip().endswith(";"):
                break
            if j > i and re.match(r"^    \S", lines[j]) and not lines[j].startswith("    {"):
                j -= 1
                break
        length = j - i + 1
        if length > LIMIT:
            found.append((length, os.path.relpath(path, ROOT), m.group(1), i + 1))
for length, path, name, line in sorted(found, reverse=True):
    print(f"{length:4} {path}:{line} {name}")
print(f"{len(found)} method(s) over {LIMIT} lines")
