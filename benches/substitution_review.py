#!/usr/bin/env python3
"""Print the top substitution rows of chosen events, with both sentences,
for a reader to judge (issue 17 item 2).

Usage: substitution_review.py OUT_DIR [--corpus FILE.jsonl] [--start 5]
       [--step 10] [--top 5] [--events id,id,...]

OUT_DIR is the folder `framelens compare` wrote (one folder per event with
its substitutions.csv). Events are taken in the corpus's order of first
appearance (BASIL: every 10th from the 6th is --start 5 --step 10); without
--corpus, in the folder's sorted order. The last line counts the rows
printed and the rows the chosen events have in all.
"""
import argparse
import csv
import json
import os
import sys


def event_order(corpus):
    seen, order = set(), []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            d = json.loads(line)
            e = str(d.get("event_id", d.get("event", "")))
            if e not in seen:
                seen.add(e)
                order.append(e)
    return order


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--corpus")
    ap.add_argument("--start", type=int, default=5)
    ap.add_argument("--step", type=int, default=10)
    ap.add_argument("--top", type=int, default=5)
    ap.add_argument("--events")
    a = ap.parse_args()
    if a.events:
        events = a.events.split(",")
    else:
        order = event_order(a.corpus) if a.corpus else sorted(
            d for d in os.listdir(a.out)
            if os.path.isfile(os.path.join(a.out, d, "substitutions.csv"))
        )
        events = order[a.start :: a.step]
    shown = total = 0
    for e in events:
        path = os.path.join(a.out, e, "substitutions.csv")
        if not os.path.isfile(path):
            print(f"== {e}: no substitutions.csv", file=sys.stderr)
            continue
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        total += len(rows)
        print(f"== event {e}: {len(rows)} rows")
        for k, r in enumerate(rows[: a.top], 1):
            shown += 1
            print(f"-- {e[:8]} #{k}: [{r['words_a']}] ({r['outlets_a']})"
                  f"  vs  [{r['words_b']}] ({r['outlets_b']})  count {r['count']}")
            print(f"   A: {r['example_a']}")
            print(f"   B: {r['example_b']}")
        print()
    print(f"rows shown {shown}, rows in these events {total}, events {len(events)}")


if __name__ == "__main__":
    main()
