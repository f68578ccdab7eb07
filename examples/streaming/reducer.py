#!/usr/bin/env python3
"""Streaming word-count reducer: input is key<TAB>value lines sorted by key; sums the values of each key."""
import sys

current, total = None, 0
for line in sys.stdin:
    key, _, value = line.rstrip("\n").partition("\t")
    if key != current:
        if current is not None:
            print(f"{current}\t{total}")
        current, total = key, 0
    total += int(value)
if current is not None:
    print(f"{current}\t{total}")
