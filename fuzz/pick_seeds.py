#!/usr/bin/env python3
"""Picks the committed seeds (fuzz/seeds/<target>/) from a local corpus (fuzz/corpus/<target>/).

The corpus a fuzzing run grows is tens of thousands of files and stays out of git; the seeds
are a few dozen per target, chosen for variety so that a fresh corpus starts from every shape
of input and `cargo test` replays something of each. The choice is deterministic: the same
corpus always gives the same seeds. Per target, in this order, skipping files already chosen
and stopping at PER_TARGET files:

1. the SMALLEST files (by size, then name): the minimal inputs for each path;
2. the LARGEST files: the long ones the small ones never reach;
3. QUANTILES files at evenly spaced ranks of the size order: the sizes in between;
4. for each first byte, from the most common to the rarest, the smallest file starting with
   it: inputs that are not JSON objects at all, or start with whitespace, a BOM, a number.

Usage, from fuzz/: python3 pick_seeds.py [target ...]   (every target when none is named)
It replaces fuzz/seeds/<target>/ with the new choice.
"""

import shutil
import sys
from collections import Counter
from pathlib import Path

TARGETS = ["api", "destination", "parse_webhook", "settings", "source_events", "verify_bearer"]
PER_TARGET = 40
SMALLEST = 8
LARGEST = 4
QUANTILES = 12

HERE = Path(__file__).resolve().parent


def pick(files):
    """Returns the chosen files, in the order they were chosen."""
    by_size = sorted(files, key=lambda f: (f.stat().st_size, f.name))
    chosen = []

    def take(candidates):
        for f in candidates:
            if len(chosen) >= PER_TARGET:
                return
            if f not in chosen:
                chosen.append(f)

    take(by_size[:SMALLEST])
    take(reversed(by_size[-LARGEST:]))
    n = len(by_size)
    if n > 0:
        take([by_size[(i * (n - 1)) // (QUANTILES - 1)] for i in range(QUANTILES)])
    first = {f: f.read_bytes()[:1] for f in by_size}
    counts = Counter(first.values())
    # Most common first byte first; ties by the byte's value, so the order is fixed.
    for byte, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        take([next(f for f in by_size if first[f] == byte)])
    return chosen


def main(targets):
    for target in targets or TARGETS:
        corpus = HERE / "corpus" / target
        files = [f for f in corpus.iterdir() if f.is_file()] if corpus.is_dir() else []
        if not files:
            sys.exit(f"{corpus}: no corpus to pick from")
        seeds = HERE / "seeds" / target
        if seeds.exists():
            shutil.rmtree(seeds)
        seeds.mkdir(parents=True)
        chosen = pick(files)
        for f in chosen:
            shutil.copyfile(f, seeds / f.name)
        sizes = [f.stat().st_size for f in chosen]
        print(f"{target}: {len(chosen)} of {len(files)} files, {min(sizes)}-{max(sizes)} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
