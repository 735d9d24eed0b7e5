#!/usr/bin/env python3
"""Parses PowerShell files with a real PowerShell grammar and fails on any syntax error.

Usage: check-powershell.py PATH...
  Each PATH is a .ps1 file or a directory (every *.ps1 below it; a directory
  without one is an error). Exit 0 when every file parses, 1 otherwise,
  listing file:line:column and the offending text for every ERROR or MISSING
  node of the parse tree. Checking no file at all fails: a check that parsed
  nothing must not pass.

The grammar is tree-sitter-powershell, pinned with its hashes in
scripts/powershell-grammar.txt and installed into .tools/pyvenv by
scripts/ensure-tools.sh test. Its self-test is scripts/test-check-powershell.py,
over the broken files in tests/hostile-powershell/ (expected.json).

Each file is parsed twice: as written, then with the typographic quotes read
as PowerShell reads them. PowerShell's tokenizer takes ‘ ’ ‚ ‛ (U+2018-U+201B)
for ' and “ ” „ (U+201C-U+201E) for " wherever a quote opens or closes a
string (the special quotes of its CharTraits.cs; the single ones are those
commands::ps_quote doubles); tree-sitter-powershell knows only the ASCII
ones (its verbatim string token is '([^']|'')*'), so without the second
parse 'it’s' would pass although PowerShell ends the string at ’. The
mapping is one character for one, so lines and columns are the same in both.
Both parses must pass: a file that opens or closes its strings with
typographic quotes fails the first, and the planner writes none.
"""

import sys
from importlib.metadata import version
from pathlib import Path

import tree_sitter
import tree_sitter_powershell

GRAMMAR = f"tree-sitter-powershell {version('tree-sitter-powershell')}"
POWERSHELL_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
})
SHOWN = 80  # characters of offending text shown


def parser():
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))


def problems(source: bytes, parse=None, quotes_as_powershell=True):
    """(line, column, what, text) for each ERROR or MISSING node, 1-based,
    the column in characters; both parses (the second unless told not to),
    each position once."""
    parse = parse or parser().parse
    text = source.decode("utf-8")  # a BOM stays: the grammar takes U+FEFF as blank
    lines = text.split("\n")
    found = {}
    variants = [text, text.translate(POWERSHELL_QUOTES)] if quotes_as_powershell else [text]
    for variant in variants:
        encoded_lines = [line.encode("utf-8") for line in variant.split("\n")]
        for node in error_nodes(parse(variant.encode("utf-8")).root_node):
            # An ERROR node may open with the comments before the broken code.
            first = next((c for c in node.children if not c.is_extra), node)
            (row, start), (end_row, end) = first.start_point, node.end_point
            # Byte columns to character columns: the same in both variants.
            col = len(encoded_lines[row][:start].decode("utf-8", errors="replace"))
            if end_row == row:
                end = len(encoded_lines[row][:end].decode("utf-8", errors="replace"))
            else:
                end = len(lines[row])
            if node.is_missing:
                what = f"MISSING {node.type!r}"
                shown = lines[row][max(0, col - SHOWN // 2):col + SHOWN // 2]
            else:
                last_line = end_row + 1 if node.end_point[1] > 0 else end_row
                what = "ERROR" if last_line <= row + 1 else f"ERROR to line {last_line}"
                shown = lines[row][col:end][:SHOWN] or "(up to the end of the file)"
            found.setdefault((row + 1, col + 1), (what, shown.strip()))
    return [(line, col, what, shown) for (line, col), (what, shown) in sorted(found.items())]


def error_nodes(root):
    """The outermost ERROR nodes and every MISSING node, visiting only the
    subtrees that hold one (has_error), so a clean tree costs one look."""
    stack = [root] if root.has_error else []
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            yield node
            if node.is_missing:
                continue
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))


def files_of(paths):
    """The files to check, and the complaints about paths that give none."""
    files, complaints = [], []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.rglob("*.ps1"))
            if not found:
                complaints.append(f"{p}: no .ps1 file in this directory")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            complaints.append(f"{p}: no such file or directory")
    return files, complaints


def main(argv):
    files, complaints = files_of(argv)
    for c in complaints:
        print(f"check-powershell: {c}", file=sys.stderr)
    if not files:
        print("check-powershell: no PowerShell file given: nothing was checked", file=sys.stderr)
        return 1
    parse = parser().parse
    total, bad = 0, 0
    for f in files:
        source = f.read_bytes()
        total += len(source)
        try:
            found = problems(source, parse)
        except UnicodeDecodeError as e:
            found = [(1, 1, "NOT UTF-8", str(e))]
        for line, col, what, shown in found:
            print(f"{f}:{line}:{col}: {what}: {shown}")
        bad += bool(found)
    if bad:
        print(f"check-powershell: {bad} of {len(files)} files do not parse ({GRAMMAR})", file=sys.stderr)
        return 1
    if complaints:
        return 1
    print(f"check-powershell: {len(files)} files, {total:,} bytes, all parse ({GRAMMAR}, "
          "typographic quotes also read as PowerShell reads them)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
