"""Reference keyness values computed with scipy, independently of framelens.

Usage: python keyness_ref.py INPUT.json
INPUT.json: {"cases": [{"target": [int...], "reference": [int...],
                        "alpha0": float|null}, ...]}
Output: per case, per term (terms with a+b > 0, input order), a dict of
  chi2_none, chi2_yates, chi2_default, chi2_williams, lr_none, lr_default,
  lr_williams, pmi, logratio, logodds and p_* / q_* for each, signed where
  the target uses the term more than expected.
chi2 comes from scipy.stats.chi2_contingency (correction True/False), G²
from chi2_contingency(lambda_="log-likelihood"), p from scipy.stats.chi2 /
scipy.stats.norm, q from scipy.stats.false_discovery_control (BH).
"""
import json
import sys

import numpy as np
from scipy import stats


def contingency(table, correction, lam=None):
    try:
        res = stats.chi2_contingency(table, correction=correction, lambda_=lam)
        return float(res[0])
    except ValueError:
        # a zero margin: no evidence either way
        return 0.0


def case(target, reference, alpha0):
    target = np.asarray(target, dtype=float)
    reference = np.asarray(reference, dtype=float)
    tn, rn = target.sum(), reference.sum()
    n = tn + rn
    pooled = target + reference
    a0 = float(n) if alpha0 is None else float(alpha0)
    alpha = pooled * a0 / pooled.sum()
    out = []
    for i in range(len(target)):
        a, b = target[i], reference[i]
        if a + b == 0:
            continue
        c, d = tn - a, rn - b
        e = (a + b) * (a + c) / n
        sign = 1.0 if a > e else -1.0
        table = np.array([[a, b], [c, d]])
        margins_ok = min(a + b, c + d, a + c, b + d) > 0
        big = abs(a * d - b * c) >= n / 2
        small = min((a + b) * (a + c), (a + b) * (b + d), (a + c) * (c + d), (c + d) * (b + d)) / n < 5
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n) if margins_ok else 1.0
        r = {}
        r["chi2_none"] = contingency(table, False) * sign
        r["chi2_yates"] = contingency(table, True) * sign
        r["chi2_default"] = contingency(table, bool(big and small)) * sign
        r["chi2_williams"] = contingency(table, False) / q * sign
        g = contingency(table, False, "log-likelihood")
        r["lr_none"] = g * sign
        if big and small and margins_ok:
            s = 1 if a * d - b * c > 0 else -1
            shifted = table + np.array([[-s, s], [s, -s]]) * 0.5
            r["lr_default"] = contingency(shifted, False, "log-likelihood") * sign
        else:
            r["lr_default"] = g * sign
        r["lr_williams"] = g / q * sign
        r["pmi"] = float(np.log(a / e + 1e-9))
        fa, fb = (a if a > 0 else 0.5), (b if b > 0 else 0.5)
        r["logratio"] = float(np.log2((fa / tn) / (fb / rn)))
        al = alpha[i]
        delta = np.log((a + al) / (tn + a0 - a - al)) - np.log((b + al) / (rn + a0 - b - al))
        r["logodds"] = float(delta / np.sqrt(1 / (a + al) + 1 / (b + al)))
        for k in list(r):
            if k == "logodds":
                r["p_" + k] = float(2 * stats.norm.sf(abs(r[k])))
            elif k == "logratio":
                r["p_" + k] = float(stats.chi2.sf(abs(g), 1))
            else:
                r["p_" + k] = float(stats.chi2.sf(abs(r[k]), 1))
        out.append(r)
    keys = [k for k in out[0] if not k.startswith("p_")] if out else []
    for k in keys:
        ps = np.array([r["p_" + k] for r in out])
        qs = stats.false_discovery_control(ps, method="bh")
        for r, qv in zip(out, qs):
            r["q_" + k] = float(qv)
    return out


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    json.dump([case(c["target"], c["reference"], c.get("alpha0")) for c in spec["cases"]], sys.stdout)


if __name__ == "__main__":
    main()
