"""Reference scores from vaderSentiment 3.3.2 itself, for tests/vader_parity.rs.

Usage:
  vader_scores.py --lexicon-path      print the path of VADER's vader_lexicon.txt
  vader_scores.py < strings.json      read a JSON list of strings, print a JSON
                                      list of [neg, neu, pos, compound]
"""
import json
import os
import sys

import vaderSentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--lexicon-path":
        print(os.path.join(os.path.dirname(vaderSentiment.vaderSentiment.__file__), "vader_lexicon.txt"))
        return
    strings = json.load(sys.stdin)
    analyzer = SentimentIntensityAnalyzer()
    out = []
    for s in strings:
        p = analyzer.polarity_scores(s)
        out.append([p["neg"], p["neu"], p["pos"], p["compound"]])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
