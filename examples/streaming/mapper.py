#!/usr/bin/env python3
"""Streaming word-count mapper, as in the seed: map(line_num, line) -> (word, 1) for word in line.split()."""
import sys

for line in sys.stdin:
    for word in line.split():
        print(f"{word}\t1")
