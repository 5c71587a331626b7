#!/usr/bin/env python3
"""Counts dependencies between the feature folders of functions/ and the cycles among them.

A file depends on another feature when its code (comments and strings left out) names a type that feature declares
and its own feature does not. Features are the first folder under functions/ (Notifications/Providers is Notifications).
Prints each feature's dependencies, then every cycle (strongly connected group) with the files that close it.
Exit 1 when there is a cycle. Run: python3 scripts/namespace-cycles.py
"""
import collections, glob, os, re, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "functions")
DECL = re.compile(r"^(?:(?:public|internal|file)\s+)?(?:(?:sealed|static|abstract|partial|readonly|ref)\s+)*"
                  r"(?:class|record struct|record|enum|interface|struct)\s+(\w+)", re.M)
# Shared by every feature and depending on none of them: not counted as features.
SHARED = {"Hosting", "Storage"}

def feature(path):
    rel = os.path.relpath(path, ROOT).split(os.sep)
    return rel[0] if len(rel) > 1 else None

def code_of(text):
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r'@"(?:[^"]|"")*"', '""', text)
    text = re.sub(r'\$?"(?:\\.|[^"\\\n])*"', '""', text)
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"^\s*using [^;]*;", "", text, flags=re.M)
    return re.sub(r"/\*[\s\S]*?\*/", "", text)

files = [p for p in glob.glob(os.path.join(ROOT, "**", "*.cs"), recursive=True) if "/obj/" not in p and "/bin/" not in p]
owner = {}
for p in files:
    f = feature(p)
    if f:
        for name in DECL.findall(code_of(open(p, encoding="utf-8-sig").read())):
            owner.setdefault(name, set()).add(f)

edges = collections.defaultdict(lambda: collections.defaultdict(set))
for p in files:
    f = feature(p)
    if not f:
        continue
    code = code_of(open(p, encoding="utf-8-sig").read())
    words = set(re.findall(r"\b[A-Z]\w*\b", code))
    # An enum's own members are not uses of types that share their names.
    for body in re.findall(r"\benum\s+\w+\s*\{([^}]*)\}", code):
        words -= set(re.findall(r"\b[A-Z]\w*\b", body))
    for w in words:
        for g in owner.get(w, ()):
            if g != f and f not in owner[w]:
                edges[f][g].add(f"{os.path.relpath(p, ROOT)} uses {w}")

features = sorted({feature(p) for p in files if feature(p)})
for f in features:
    print(f"{f} -> {', '.join(sorted(edges[f])) or '(none)'}")

# Tarjan's strongly connected components, over the features (shared folders included: a cycle through them counts).
index, low, stack, on, groups, counter = {}, {}, [], set(), [], [0]
def visit(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop(); on.discard(w); group.append(w)
            if w == v:
                break
        if len(group) > 1:
            groups.append(sorted(group))
sys.setrecursionlimit(10000)
for f in features:
    if f not in index:
        visit(f)

pairs = sorted({tuple(sorted((a, b))) for a in features for b in edges[a] if a in edges[b]})
print(f"\n{len(pairs)} two-way dependencies, {len(groups)} cycle group(s)")
for a, b in pairs:
    print(f"  {a} <-> {b}")
    for why in sorted(edges[a][b])[:6] + sorted(edges[b][a])[:6]:
        print(f"      {why}")
for g in groups:
    print("  cycle group: " + ", ".join(g))
sys.exit(1 if groups else 0)
