#!/usr/bin/env python3
"""Derives the embedded reference tables from ../shared/reference (see README.md here).

Run from this folder: python3 derive.py ../../../../shared/reference
Only selects columns, pads codes and resolves merger chains; values are unchanged.
"""
import csv, json, sys, os

ref = sys.argv[1]

def rows(name):
    with open(os.path.join(ref, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))

def pad(c):
    return f"{int(float(c)):03d}"

# 1. municipalities (2026 classification)
key = rows("municipality_key_2026_geofi.csv")
with open("municipalities_2026.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["code", "name_fi", "name_sv", "name_en", "region_code", "region_fi", "region_sv", "region_en",
                "county_code", "county_fi", "county_sv", "county_en", "subregion_code", "subregion_fi", "subregion_sv",
                "language_code"])
    for r in sorted(key, key=lambda r: int(r["kunta"])):
        w.writerow([pad(r["kunta"]), r["municipality_name_fi"], r["municipality_name_sv"], r["municipality_name_en"],
                    f'{int(float(r["maakunta_code"])):02d}', r["maakunta_name_fi"], r["maakunta_name_sv"], r["maakunta_name_en"],
                    str(int(float(r["hyvinvointialue_code"]))), r["hyvinvointialue_name_fi"].strip(),
                    r["hyvinvointialue_name_sv"].strip(), r["hyvinvointialue_name_en"].strip(),
                    str(int(float(r["seutukunta_code"]))), r["seutukunta_name_fi"], r["seutukunta_name_sv"],
                    str(int(float(r["kielisuhde_code"])))])
current = {pad(r["kunta"]) for r in key}

# 2. abolished municipalities -> current successor
succ = {}
for r in rows("municipality_abolished_to_current_key_statficlassifications_2024.csv"):
    succ.setdefault(r["abolished_code"][2:], set()).add(r["merged_into_code"][2:])
names, dates, direct = {}, {}, {}
for r in rows("municipality_mergers_abolished_until2017_statfi_via_kuntar.csv"):
    names[r["Lakkautuskunta"]] = (r["Nimike"], "")
    dates[r["Lakkautuskunta"]] = r["Ajankohta"]
    if r["Liitoskunta"] not in ("NA", ""):
        direct[r["Lakkautuskunta"]] = r["Liitoskunta"]
long = rows("municipality_key_2013_2026_long_geofi.csv")
last_year = {}
for r in long:
    c = pad(r["kunta"]); y = int(r["year"])
    if c not in current:
        if y >= last_year.get(c, 0):
            last_year[c] = y
            names[c] = (r["municipality_name_fi"], r["municipality_name_sv"] if r["municipality_name_sv"] != r["municipality_name_fi"] else "")
# later mergers (2020-2025) from the yearly keys: the municipality disappears on 1.1. of the next year
for c, y in last_year.items():
    dates.setdefault(c, f"1.1.{y + 1}")

# Mergers newer than the 2024 statficlassifications key (Statistics Finland, 1.1.2025):
# Pertunmaa joined Mäntyharju.
succ["588"] = {"507"}

def resolve(c, seen=()):
    if c in current:
        return c
    if c in seen:
        return None
    s = succ.get(c)
    if s and len(s) == 1:
        return resolve(next(iter(s)), seen + (c,))
    d = direct.get(c)
    if d and d not in seen:
        return resolve(d, seen + (c,))
    return None

with open("abolished_municipalities.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["code", "name_fi", "name_sv", "abolished", "successor_code"])
    for c in sorted(set(names) | set(succ)):
        if c in current:
            continue
        s = resolve(c)
        if s is None:
            continue  # split between several municipalities or ceded in 1944: no single successor
        n = names.get(c, ("", ""))
        w.writerow([c, n[0], n[1], dates.get(c, ""), s])

# 3. population (Sotkanet 127 via geofi), 2000-2022
with open("population.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["code", "year", "population"])
    for r in sorted(rows("population_by_municipality_2000_2022_sotkanet127_geofi.csv"), key=lambda r: (int(r["municipality_code"]), int(r["year"]))):
        w.writerow([pad(r["municipality_code"]), r["year"], int(float(r["population"]))])

# 4. Sotkanet region ids -> official codes (municipalities, regions, country, wellbeing services counties)
with open(os.path.join(ref, "sotkanet_api_regions_2016_oskari.json"), encoding="utf-8") as fh:
    regions = json.load(fh)
with open("sotkanet_regions.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "category", "code", "title_fi"])
    for r in sorted(regions, key=lambda r: r["id"]):
        if r["category"] in ("KUNTA", "MAAKUNTA", "MAA"):
            w.writerow([r["id"], r["category"], r["code"], r["title"]["fi"]])
    for r in rows("sotkanet_hyvinvointialue_region_ids_ropengov.csv"):
        for col in ("uusi_id", "vanha_id"):
            if r[col]:
                w.writerow([r[col], "HYVINVOINTIALUE", r["uusi_code"], r["nimi"]])

# 5. Sotkanet indicator names (the 2016 subset in ../shared/reference, file 7): id and the
#    Finnish, Swedish and English titles, tab-separated (titles contain commas). Used only to
#    recognise the indicator of a Sotkanet web export from its title.
with open("sotkanet_indicators.tsv", "w", encoding="utf-8", newline="") as f:
    f.write("id\ttitle_fi\ttitle_sv\ttitle_en\n")
    for r in sorted(rows("sotkanet_indicators_elderly_participation_subset_2016_derived.csv"), key=lambda r: int(r["id"])):
        titles = [r["title_fi"], r["title_sv"], r["title_en"]]
        assert not any("\t" in t or "\n" in t for t in titles)
        f.write("\t".join([r["id"]] + titles) + "\n")
