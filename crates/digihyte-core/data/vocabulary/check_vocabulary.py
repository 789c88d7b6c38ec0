#!/usr/bin/env python3
"""Checks the vocabulary tables in this folder and runs every case of examples.tsv.

It implements the normalisation and matching rules of README.md exactly (they are the
specification the Rust loader follows), plus the age and answer parsers described there:

    python3 check_vocabulary.py            # validate the tables, run the examples
    python3 check_vocabulary.py -v         # also list every example and its result
    python3 check_vocabulary.py --explain topic "Kela ja verkkopankki"

Exit status 0 when every table is well formed and every example gives its key, 1 otherwise.
Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys
import unicodedata
from dataclasses import dataclass, field

HERE = pathlib.Path(__file__).resolve().parent
EVENT_YEAR = 2024  # examples give birth years as of an event in 2024

KEYS = {
    "topic": ["device_basics", "e_identification", "health_social", "kela_benefits",
              "public_eservices", "banking_payments", "communication", "apps",
              "security_scams", "other"],
    "channel": ["in_person", "phone", "remote", "home_visit", "group", "other"],
    "provider_type": ["municipality", "library", "service_point", "association", "kela",
                      "employment_services", "education", "parish", "company",
                      "wellbeing_county", "other"],
    "age_group": ["under_30", "30_64", "65_74", "75_plus", "unknown",
                  "@lower", "@upper", "@unit"],
    "answer": ["1", "2", "3", "4", "5", "yes", "no", "cant_say", "partly"],
}
# Canonical keys a cell may already hold ("in_person", "75_plus"): recognised before the words.
CANONICAL = {
    "topic": KEYS["topic"] + ["unknown"],
    "channel": KEYS["channel"] + ["unknown"],
    "provider_type": KEYS["provider_type"] + ["unknown"],
    "age_group": ["under_30", "30_64", "65_74", "75_plus", "unknown"],
}
LANGS = {"fi", "sv", "en", "any"}
MATCHES = {"exact", "word", "stem", "part"}
HEADER = ["key", "lang", "match", "text", "source"]
LIKERT = {"1", "2", "3", "4", "5"}
YESNO = {"yes", "no", "partly"}
BANDS = [(0, 29, "under_30"), (30, 64, "30_64"), (65, 74, "65_74"), (75, 10**9, "75_plus")]
MAX_AGE = 120
RANGE_WORDS = {"to", "till", "bis", "ja"}  # built into the age parser: "65 to 74"


# ----------------------------------------------------------------------------------------
# Normalisation
# ----------------------------------------------------------------------------------------

def normalise(s: str) -> str:
    """NFC, lower case; every character that is not a letter, a digit or '+' becomes a space,
    except a '.' between two letters or digits; runs of spaces collapse; trimmed."""
    s = unicodedata.normalize("NFC", s).lower()
    out = []
    n = len(s)
    for i, c in enumerate(s):
        if c.isalnum() or c == "+":
            out.append(c)
        elif c == "." and 0 < i < n - 1 and s[i - 1].isalnum() and s[i + 1].isalnum():
            out.append(".")
        else:
            out.append(" ")
    return " ".join("".join(out).split())


DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def age_normalise(s: str) -> str:
    """The normalisation of age cells: as normalise(), except that any dash becomes the token
    '-', '+' the token '+', '<'/'≤' the token '<', '>'/'≥' the token '>', a ',' between two
    digits a '.', and a digit and a letter that touch are split ("75v" -> "75 v")."""
    s = unicodedata.normalize("NFC", s).lower()
    out = []
    n = len(s)
    for i, c in enumerate(s):
        prev = s[i - 1] if i > 0 else ""
        nxt = s[i + 1] if i < n - 1 else ""
        if c in DASHES:
            out.append(" - ")
        elif c == "+":
            out.append(" + ")
        elif c in "<\u2264":
            out.append(" < ")
        elif c in ">\u2265":
            out.append(" > ")
        elif c.isalnum():
            if prev and ((prev.isdigit() and c.isalpha()) or (prev.isalpha() and c.isdigit())):
                out.append(" ")
            out.append(c)
        elif c in ".," and prev.isdigit() and nxt.isdigit():
            out.append(".")
        elif c == "." and prev.isalnum() and nxt.isalnum():
            out.append(".")
        else:
            out.append(" ")
    return " ".join("".join(out).split())


def fold(s: str) -> str:
    """The program's fold(): NFC, lower case, inner whitespace collapsed, trimmed."""
    return " ".join(unicodedata.normalize("NFC", s).lower().split())


def canonical_key(raw: str, dimension: str) -> str | None:
    k = fold(raw).replace(" ", "_").replace("-", "_")
    return k if k in CANONICAL.get(dimension, ()) else None


# ----------------------------------------------------------------------------------------
# Tables
# ----------------------------------------------------------------------------------------

@dataclass
class Entry:
    key: str
    lang: str
    match: str
    text: str
    source: str
    norm: str
    words: list[str]
    order: int
    line: int


@dataclass
class Table:
    name: str
    entries: list[Entry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def load_table(name: str) -> Table:
    table = Table(name)
    path = HERE / f"{name}.tsv"
    if not path.exists():
        table.errors.append(f"{path.name}: missing")
        return table
    header_seen = False
    seen: dict[str, Entry] = {}
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if not header_seen:
            if cols != HEADER:
                table.errors.append(f"{path.name}:{lineno}: header must be {HEADER}, is {cols}")
            header_seen = True
            continue
        if len(cols) != 5:
            table.errors.append(f"{path.name}:{lineno}: expected 5 tab-separated columns, got {len(cols)}")
            continue
        key, lang, match, text, source = cols
        where = f"{path.name}:{lineno} ({text!r})"
        if key not in KEYS[name]:
            table.errors.append(f"{where}: unknown key {key!r}")
        if lang not in LANGS:
            table.errors.append(f"{where}: unknown lang {lang!r}")
        if match not in MATCHES:
            table.errors.append(f"{where}: unknown match {match!r}")
        if not source.strip():
            table.errors.append(f"{where}: empty source (write 'usage' for everyday usage)")
        elif source != "usage" and "http" not in source:
            table.errors.append(f"{where}: a source is 'usage' or a citation with its address")
        norm = age_normalise(text) if name == "age_group" else normalise(text)
        if not norm:
            table.errors.append(f"{where}: text is empty after normalisation")
            continue
        if name == "age_group" and norm != normalise(text):
            table.errors.append(f"{where}: an age word may not contain digits or symbols")
        if match == "part" and " " in norm:
            table.errors.append(f"{where}: a 'part' text is one word")
        e = Entry(key, lang, match, text, source, norm, norm.split(" "), len(table.entries), lineno)
        prev = seen.get(norm)
        if prev is not None:
            table.errors.append(f"{where}: same text as line {prev.line} ({prev.key})")
        seen[norm] = e
        table.entries.append(e)
    if not header_seen:
        table.errors.append(f"{path.name}: no header line")
    return table


def family(key: str) -> str:
    if key in LIKERT:
        return "likert"
    if key in YESNO:
        return "yesno"
    return "both"


# ----------------------------------------------------------------------------------------
# Matching
# ----------------------------------------------------------------------------------------

@dataclass
class Match:
    entry: Entry
    start: int
    end: int

    def rank(self):
        # Longest text first; on a tie the match that starts earlier in the cell, then the
        # entry that comes first in the table.
        return (-len(self.entry.norm), self.start, self.entry.order)


def word_spans(s: str) -> list[tuple[int, int, str]]:
    spans = []
    i = 0
    for w in s.split(" ") if s else []:
        spans.append((i, i + len(w), w))
        i += len(w) + 1
    return spans


def find_matches(entries: list[Entry], s: str) -> list[Match]:
    words = word_spans(s)
    found = []
    for e in entries:
        if e.match == "exact":
            if s == e.norm:
                found.append(Match(e, 0, len(s)))
        elif e.match in ("word", "stem"):
            k = len(e.words)
            for i in range(len(words) - k + 1):
                if any(words[i + j][2] != e.words[j] for j in range(k - 1)):
                    continue
                last = words[i + k - 1][2]
                ok = last == e.words[-1] if e.match == "word" else last.startswith(e.words[-1])
                if ok:
                    # The span is the text's own length (a stem covers only its letters).
                    found.append(Match(e, words[i][0], words[i + k - 1][0] + len(e.words[-1])))
        else:
            start = 0
            while (j := s.find(e.norm, start)) >= 0:
                found.append(Match(e, j, j + len(e.norm)))
                start = j + 1
    return found


def non_overlapping(found: list[Match]) -> list[Match]:
    chosen: list[Match] = []
    for m in sorted(found, key=Match.rank):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return chosen


@dataclass
class Result:
    key: str
    fallback: bool = False  # no word recognised: 'other' (or 'unknown') with a warning
    detail: str = ""


def split_topics(raw: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,/|\n]", raw) if p.strip()]


def classify_topic(table: Table, raw: str) -> Result:
    items = split_topics(raw)
    if not items:
        return Result("unknown")
    keys: set[str] = set()
    fallback = False
    detail = []
    for item in items:
        k = canonical_key(item, "topic")
        if k:
            keys.add(k)
            continue
        s = normalise(item)
        if not s:
            continue
        chosen = non_overlapping(find_matches(table.entries, s))
        if not chosen:
            keys.add("other")
            fallback = True
            detail.append(f"{item!r}: no match")
        for m in chosen:
            keys.add(m.entry.key)
            detail.append(f"{s[m.start:m.end]!r}~{m.entry.text!r}({m.entry.match})->{m.entry.key}")
    if not keys:
        return Result("unknown")
    return Result("+".join(sorted(keys)), fallback, "; ".join(detail))


def classify_single(table: Table, raw: str, dimension: str) -> Result:
    k = canonical_key(raw, dimension)
    if k:
        return Result(k)
    s = normalise(raw)
    if not s:
        return Result("unknown")
    found = find_matches(table.entries, s)
    if not found:
        return Result("other", True, "no match")
    best = min(found, key=Match.rank)
    return Result(best.entry.key, False,
                  f"{s[best.start:best.end]!r}~{best.entry.text!r}({best.entry.match})")


# ----------------------------------------------------------------------------------------
# Ages
# ----------------------------------------------------------------------------------------

def band_of_range(lo: int, hi: int) -> str:
    for a, b, key in BANDS:
        if a <= lo <= hi <= b:
            return key
    return "unknown"


def as_int(tok: str):
    try:
        v = float(tok)
    except ValueError:
        return None
    return int(v) if v.is_integer() else "fraction"


def parse_age(table: Table, raw: str, year: int = EVENT_YEAR) -> Result:
    if not fold(raw):
        return Result("empty")
    k = canonical_key(raw, "age_group")
    if k:
        return Result(k)
    s = age_normalise(raw)
    if not s:
        return Result("unknown")
    words = word_spans(s)
    chosen = non_overlapping(find_matches(table.entries, s))
    lower = any(m.entry.key == "@lower" for m in chosen)
    upper = any(m.entry.key == "@upper" for m in chosen)
    band_words = [m for m in chosen if not m.entry.key.startswith("@")]
    units = [m for m in chosen if m.entry.key == "@unit"]
    covered = [any(m.start < b and a < m.end for m in chosen) for a, b, _ in words]
    # A dash between a number and a unit word belongs to the unit ("75-vuotiaat", "65-åringar").
    for i, (a, b, w) in enumerate(words):
        if w == "-" and not covered[i] and 0 < i < len(words) - 1 \
                and as_int(words[i - 1][2]) is not None \
                and any(u.start == words[i + 1][0] for u in units):
            covered[i] = True
    rest = [w for (a, b, w), c in zip(words, covered) if not c]
    # "65 to 74", "65 till 74": a range connector between two numbers is a dash.
    for i in range(1, len(rest) - 1):
        if rest[i] in RANGE_WORDS and as_int(rest[i - 1]) is not None and as_int(rest[i + 1]) is not None:
            rest[i] = "-"
    detail = f"tokens={rest} lower={lower} upper={upper}"
    if any(not (t in "+-<>" or as_int(t) is not None) for t in rest):
        return Result("unknown", True, detail + " (unrecognised word)")
    nums = [as_int(t) for t in rest if t not in "+-<>"]
    if not nums:
        if band_words:
            return Result(min(band_words, key=Match.rank).entry.key, False, detail)
        return Result("unknown", not chosen, detail)
    if "fraction" in nums:
        return Result("invalid", False, detail)
    pattern = "".join("n" if t not in "+-<>" else t for t in rest)
    if lower and upper:
        return Result("unknown", False, detail + " (both bounds)")

    def open_lower(n: int, strict_too: bool) -> str:
        if n > MAX_AGE:
            return "invalid"
        r = band_of_range(n, MAX_AGE)
        if r == "unknown" and strict_too and n + 1 <= MAX_AGE:
            r = band_of_range(n + 1, MAX_AGE)  # "yli 74" is written for 75 and over
        return r

    if pattern == "n":
        n = nums[0]
        if lower:
            return Result(open_lower(n, True), False, detail)
        if upper:
            return Result(band_of_range(0, n - 1) if 1 <= n <= MAX_AGE + 1 else "invalid",
                          False, detail)
        if 0 <= n <= MAX_AGE:
            return Result(band_of_range(n, n), False, detail)
        if 1900 <= n <= year and year - n <= MAX_AGE:
            return Result(band_of_range(year - n, year - n), False, detail + " (birth year)")
        return Result("invalid", False, detail)
    if pattern in ("n+", "+n", "n-"):
        return Result(open_lower(nums[0], False) if not upper else "unknown", False, detail)
    if pattern == ">n":
        return Result(open_lower(nums[0], True) if not upper else "unknown", False, detail)
    if pattern == "<n":
        n = nums[0]
        return Result(band_of_range(0, n - 1) if 1 <= n <= MAX_AGE + 1 and not lower else
                      "unknown" if lower else "invalid", False, detail)
    if pattern == "n-n":
        a, b = nums
        if lower or upper:
            return Result("unknown", False, detail)
        if a <= b <= MAX_AGE:
            return Result(band_of_range(a, b), False, detail)
        if 1900 <= a <= b <= year and year - a <= MAX_AGE:
            return Result(band_of_range(year - b, year - a), False, detail + " (birth years)")
        return Result("invalid", False, detail)
    if pattern.startswith("-"):
        return Result("invalid", False, detail + " (negative)")
    return Result("unknown", True, detail + " (no age pattern)")


# ----------------------------------------------------------------------------------------
# Answers
# ----------------------------------------------------------------------------------------

def _exact(table: Table, s: str, fam: str) -> str | None:
    for e in table.entries:
        if e.norm == s and (family(e.key) == fam or e.key == "cant_say"):
            return e.key
    return None


def _number(raw: str):
    t = raw.strip().replace(",", ".")
    try:
        v = float(t)
    except ValueError:
        return None
    return int(v) if v.is_integer() else "fraction"


def parse_likert(table: Table, raw: str) -> Result:
    s = normalise(raw)
    if not s:
        return Result("cant_say")
    n = _number(raw)
    if n is not None:
        return Result(str(n) if n != "fraction" and 1 <= n <= 5 else "invalid")
    k = _exact(table, s, "likert")
    if k:
        return Result(k)
    toks = s.split(" ")
    # "5 = täysin samaa mieltä", "Täysin samaa mieltä (5)": a number with the scale's word
    for num, rest in ((toks[0], toks[1:]), (toks[-1], toks[:-1])):
        if num in LIKERT and rest:
            w = _exact(table, " ".join(rest), "likert")
            if w and w != num:
                return Result("invalid", False, f"number {num} contradicts {w}")
            return Result(num)
    return Result("invalid")


def parse_yes_no(table: Table, raw: str) -> Result:
    s = normalise(raw)
    if not s:
        return Result("cant_say")
    k = _exact(table, s, "yesno")
    if k:
        return Result(k)
    n = _number(raw)  # "1.0", "0,0" as a spreadsheet writes a number
    if n in (0, 1):
        return _exact(table, str(n), "yesno") and Result(_exact(table, str(n), "yesno")) or Result("invalid")
    # "Kyllä, vuoden 2023 kertomuksessa", "Ei (vielä)": the answer before the explanation
    f = fold(raw)
    m = re.search(r"[,(\u2013\u2014:;]| - ", f)
    if m:
        k = _exact(table, normalise(f[:m.start()]), "yesno")
        if k and k != "cant_say":
            return Result(k)
    return Result("invalid")


def classify_answer(table: Table, raw: str, expected: str) -> Result:
    if expected in LIKERT:
        return parse_likert(table, raw)
    if expected in YESNO:
        return parse_yes_no(table, raw)
    a, b = parse_likert(table, raw), parse_yes_no(table, raw)
    return a if a.key == b.key else Result(f"likert:{a.key}/yes_no:{b.key}")


# ----------------------------------------------------------------------------------------
# The words the program used before these tables (the hard-coded lists of src/keys.rs at
# commit d4786d5): every one must still be recognised with the same key. The old topic,
# channel and provider words were matched as substrings ("pankkitunn", "etuu"), so such a
# fragment counts as kept when an entry of the same key has that text, or a longer or shorter
# form of it, or classifies it to the same key.
# ----------------------------------------------------------------------------------------

LEGACY = {
    'topic': [
        ('tunnist', 'e_identification'), ('tunnukset', 'e_identification'),
        ('pankkitunn', 'e_identification'), ('varmenne', 'e_identification'),
        ('identif', 'e_identification'), ('bankid', 'e_identification'),
        ('bank id', 'e_identification'), ('legitim', 'e_identification'),
        ('mobil-id', 'e_identification'), ('omakanta', 'health_social'),
        ('oma kanta', 'health_social'), ('omaolo', 'health_social'), ('kanta.fi', 'health_social'),
        ('terveys', 'health_social'), ('sote', 'health_social'), ('ajanvara', 'health_social'),
        ('health', 'health_social'), ('social', 'health_social'), ('appointment', 'health_social'),
        ('hälsa', 'health_social'), ('hälso', 'health_social'), ('sjukvård', 'health_social'),
        ('tidsbokning', 'health_social'), ('socialtjänst', 'health_social'),
        ('kela', 'kela_benefits'), ('etuu', 'kela_benefits'), ('etuis', 'kela_benefits'),
        ('benefit', 'kela_benefits'), ('förmån', 'kela_benefits'), ('fpa', 'kela_benefits'),
        ('suomi.fi', 'public_eservices'), ('suomifi', 'public_eservices'),
        ('vero', 'public_eservices'), ('julki', 'public_eservices'),
        ('viranomai', 'public_eservices'), ('e-palvelu', 'public_eservices'),
        ('sähköiset palvelut', 'public_eservices'), ('public', 'public_eservices'),
        ('tax', 'public_eservices'), ('skatt', 'public_eservices'),
        ('myndighet', 'public_eservices'), ('offentlig', 'public_eservices'),
        ('pankki', 'banking_payments'), ('maksu', 'banking_payments'),
        ('lasku', 'banking_payments'), ('bank', 'banking_payments'),
        ('payment', 'banking_payments'), ('betal', 'banking_payments'),
        ('räkning', 'banking_payments'), ('sähköposti', 'communication'),
        ('viesti', 'communication'), ('whatsapp', 'communication'),
        ('videopuhelu', 'communication'), ('email', 'communication'), ('e-mail', 'communication'),
        ('messag', 'communication'), ('video call', 'communication'),
        ('communication', 'communication'), ('viestintä', 'communication'),
        ('e-post', 'communication'), ('meddel', 'communication'), ('videosamtal', 'communication'),
        ('kommunikation', 'communication'), ('sovellu', 'apps'), ('asennu', 'apps'),
        ('asenta', 'apps'), ('päivity', 'apps'), ('päivittä', 'apps'), ('appar', 'apps'),
        ('applikation', 'apps'), ('install', 'apps'), ('update', 'apps'), ('uppdater', 'apps'),
        ('app', 'apps'), ('tietoturva', 'security_scams'), ('huijau', 'security_scams'),
        ('huijaus', 'security_scams'), ('salasan', 'security_scams'),
        ('security', 'security_scams'), ('scam', 'security_scams'), ('fraud', 'security_scams'),
        ('password', 'security_scams'), ('säkerhet', 'security_scams'),
        ('bedrägeri', 'security_scams'), ('lösenord', 'security_scams'),
        ('laite', 'device_basics'), ('laitteen', 'device_basics'), ('laitteet', 'device_basics'),
        ('älypuhelin', 'device_basics'), ('puhelimen', 'device_basics'),
        ('tabletti', 'device_basics'), ('tietokone', 'device_basics'),
        ('perustaid', 'device_basics'), ('perusteet', 'device_basics'),
        ('device', 'device_basics'), ('basics', 'device_basics'), ('computer', 'device_basics'),
        ('smartphone', 'device_basics'), ('tablet', 'device_basics'), ('enhet', 'device_basics'),
        ('dator', 'device_basics'), ('grundläggande', 'device_basics'), ('muu', 'other'),
        ('other', 'other'), ('annat', 'other'), ('övrig', 'other'),
    ],
    'channel': [
        ('kotikäyn', 'home_visit'), ('kotona', 'home_visit'), ('home', 'home_visit'),
        ('hembesök', 'home_visit'), ('ryhm', 'group'), ('koulutu', 'group'), ('kurssi', 'group'),
        ('työpaja', 'group'), ('group', 'group'), ('training', 'group'), ('workshop', 'group'),
        ('grupp', 'group'), ('kurs', 'group'), ('utbildning', 'group'), ('videopuhelu', 'remote'),
        ('etä', 'remote'), ('video', 'remote'), ('chat', 'remote'), ('remote', 'remote'),
        ('online', 'remote'), ('distans', 'remote'), ('teams', 'remote'), ('puhel', 'phone'),
        ('phone', 'phone'), ('telefon', 'phone'), ('lähi', 'in_person'), ('kasvok', 'in_person'),
        ('paikan päällä', 'in_person'), ('henkilökoht', 'in_person'), ('in person', 'in_person'),
        ('in-person', 'in_person'), ('face', 'in_person'), ('på plats', 'in_person'),
        ('personlig', 'in_person'), ('närstöd', 'in_person'), ('muu', 'other'), ('other', 'other'),
        ('annat', 'other'), ('övrig', 'other'),
    ],
    'provider_type': [
        ('hyvinvointialue', 'wellbeing_county'), ('wellbeing', 'wellbeing_county'),
        ('välfärdsområde', 'wellbeing_county'), ('seurakun', 'parish'), ('parish', 'parish'),
        ('church', 'parish'), ('församling', 'parish'), ('kirkko', 'parish'),
        ('kirjasto', 'library'), ('library', 'library'), ('bibliotek', 'library'),
        ('asiointipiste', 'service_point'), ('palvelupiste', 'service_point'),
        ('yhteispalvelu', 'service_point'), ('service point', 'service_point'),
        ('servicepunkt', 'service_point'), ('medborgarkontor', 'service_point'),
        ('te-palvel', 'employment_services'), ('te palvel', 'employment_services'),
        ('te-toimisto', 'employment_services'), ('työllisyy', 'employment_services'),
        ('työvoima', 'employment_services'), ('employment', 'employment_services'),
        ('arbetskraft', 'employment_services'), ('te-tjänst', 'employment_services'),
        ('sysselsättning', 'employment_services'), ('kela', 'kela'), ('fpa', 'kela'),
        ('järjestö', 'association'), ('yhdistys', 'association'), ('association', 'association'),
        ('ngo', 'association'), ('förening', 'association'), ('organisation', 'association'),
        ('oppilaitos', 'education'), ('opisto', 'education'), ('koulu', 'education'),
        ('education', 'education'), ('school', 'education'), ('college', 'education'),
        ('institut', 'education'), ('skola', 'education'), ('läroanstalt', 'education'),
        ('yritys', 'company'), ('pankki', 'company'), ('company', 'company'),
        ('business', 'company'), ('bank', 'company'), ('företag', 'company'),
        ('kunta', 'municipality'), ('kaupunki', 'municipality'), ('municipal', 'municipality'),
        ('city', 'municipality'), ('kommun', 'municipality'), ('stad', 'municipality'),
        ('muu', 'other'), ('other', 'other'), ('annat', 'other'), ('övrig', 'other'),
    ],
    'likert': [
        ('täysin eri mieltä', '1'), ('täysin erimieltä', '1'), ('helt av annan åsikt', '1'),
        ('helt oenig', '1'), ('strongly disagree', '1'), ('completely disagree', '1'),
        ('totally disagree', '1'), ('jokseenkin eri mieltä', '2'), ('osittain eri mieltä', '2'),
        ('eri mieltä', '2'), ('delvis av annan åsikt', '2'), ('delvis oenig', '2'),
        ('av annan åsikt', '2'), ('oenig', '2'), ('disagree', '2'), ('somewhat disagree', '2'),
        ('partly disagree', '2'), ('ei samaa eikä eri mieltä', '3'),
        ('en samaa enkä eri mieltä', '3'), ('ei samaa mieltä eikä eri mieltä', '3'),
        ('ei eri eikä samaa mieltä', '3'), ('neutraali', '3'),
        ('varken av samma eller annan åsikt', '3'), ('varken av samma eller av annan åsikt', '3'),
        ('varken enig eller oenig', '3'), ('varken eller', '3'),
        ('neither agree nor disagree', '3'), ('neither agree or disagree', '3'),
        ('neither disagree nor agree', '3'), ('neutral', '3'), ('jokseenkin samaa mieltä', '4'),
        ('osittain samaa mieltä', '4'), ('samaa mieltä', '4'), ('delvis av samma åsikt', '4'),
        ('delvis enig', '4'), ('av samma åsikt', '4'), ('enig', '4'), ('agree', '4'),
        ('somewhat agree', '4'), ('partly agree', '4'), ('täysin samaa mieltä', '5'),
        ('helt av samma åsikt', '5'), ('helt enig', '5'), ('strongly agree', '5'),
        ('completely agree', '5'), ('totally agree', '5'),
    ],
    'cant_say': [
        'en osaa sanoa', 'eos', 'ei osaa sanoa', 'en tiedä', 'en tieda', 'ei tietoa',
        'ei vastausta', 'ei koske minua', 'kan inte säga', 'kan ej säga', 'vet inte', 'vet ej',
        'inget svar', "don't know", 'dont know', 'do not know', "can't say", 'cant say',
        'cannot say', 'not sure', 'no answer', 'n/a', '-', '–', '—',
    ],
    'yes': [
        'kyllä', 'kylla', 'joo', 'ja', 'yes', 'y', '1', 'true', 'tosi', 'sant',
    ],
    'no': [
        'ei', 'nej', 'no', 'n', '0', 'false', 'epätosi', 'falskt',
    ],
    'partly': [
        'osittain', 'osin', 'jossain määrin', 'delvis', 'till viss del', 'partly', 'partially',
        'in part', 'to some extent',
    ],
    'age_unknown': [
        'tuntematon', 'ei tiedossa', 'unknown', 'okänd', 'ei tietoa', '?', '-', 'en osaa sanoa',
    ],
    'age_suffix': [
        'vuotiaat', 'vuotias', 'vuotta', 'years', 'year', 'vuotiaita', 'år', 'v.', 'v', 'y',
    ],
    'age_lower': [
        'yli', 'över', 'over', 'vähintään', 'minst', '≥', '>=',
    ],
    'age_upper': [
        'alle', 'under', '<',
    ],
}


def check_legacy(tables: dict[str, Table]) -> tuple[list[str], list[str]]:
    problems, kept_as_form = [], []
    for dim in ("topic", "channel", "provider_type"):
        for text, key in LEGACY[dim]:
            r = classify_topic(tables[dim], text) if dim == "topic" else \
                classify_single(tables[dim], text, dim)
            if r.key == key and not r.fallback:
                continue
            norm = normalise(text)
            forms = [e.text for e in tables[dim].entries if e.key == key
                     and (e.norm.startswith(norm) or norm.startswith(e.norm) or norm in e.norm)]
            if forms:
                kept_as_form.append(f"{dim}: {text!r} ({key}) kept as {', '.join(repr(f) for f in forms[:4])}")
            else:
                problems.append(f"{dim}: old word {text!r} was {key}, now {r.key}"
                                f"{' (unrecognised)' if r.fallback else ''}")
    ans = tables["answer"]
    for text in LEGACY["cant_say"]:
        if parse_likert(ans, text).key != "cant_say" or parse_yes_no(ans, text).key != "cant_say":
            problems.append(f"answer: old can't-say {text!r} is no longer can't-say")
    for text, v in LEGACY["likert"]:
        if parse_likert(ans, text).key != v:
            problems.append(f"answer: old Likert word {text!r} was {v}, now {parse_likert(ans, text).key}")
    for key in ("yes", "no", "partly"):
        for text in LEGACY[key]:
            if parse_yes_no(ans, text).key != key:
                problems.append(f"answer: old {key} word {text!r} now {parse_yes_no(ans, text).key}")
    age = tables["age_group"]
    for text in LEGACY["age_unknown"]:
        if parse_age(age, text).key not in ("unknown", "empty"):
            problems.append(f"age_group: old unknown word {text!r} now {parse_age(age, text).key}")
    for suf in LEGACY["age_suffix"]:
        if parse_age(age, f"67 {suf}").key != "65_74":
            problems.append(f"age_group: old unit {suf!r}: '67 {suf}' gives {parse_age(age, f'67 {suf}').key}")
    for pre in LEGACY["age_lower"]:
        if parse_age(age, f"{pre} 75").key != "75_plus":
            problems.append(f"age_group: old lower-bound word {pre!r}: '{pre} 75' gives {parse_age(age, f'{pre} 75').key}")
    for pre in LEGACY["age_upper"]:
        if parse_age(age, f"{pre} 30").key != "under_30":
            problems.append(f"age_group: old upper-bound word {pre!r}: '{pre} 30' gives {parse_age(age, f'{pre} 30').key}")
    return problems, kept_as_form


# ----------------------------------------------------------------------------------------

DIMENSIONS = ["topic", "channel", "provider_type", "age_group", "answer"]


def classify(tables, dimension: str, text: str, expected: str = "") -> Result:
    if dimension == "topic":
        return classify_topic(tables["topic"], text)
    if dimension in ("channel", "provider_type"):
        return classify_single(tables[dimension], text, dimension)
    if dimension == "age_group":
        return parse_age(tables["age_group"], text)
    if dimension == "answer":
        return classify_answer(tables["answer"], text, expected)
    raise ValueError(dimension)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true", help="list every example")
    ap.add_argument("--explain", nargs=2, metavar=("DIMENSION", "TEXT"), help="classify one cell")
    args = ap.parse_args()

    tables = {d: load_table(d) for d in DIMENSIONS}
    if args.explain:
        dim, text = args.explain
        r = classify(tables, dim, text, "cant_say")
        if dim == "answer":
            r = Result(f"likert:{parse_likert(tables['answer'], text).key} "
                       f"yes_no:{parse_yes_no(tables['answer'], text).key}")
        print(f"{dim}: {text!r} -> {r.key}{' (fallback)' if r.fallback else ''}  {r.detail}")
        return 0

    failures = 0
    for t in tables.values():
        for e in t.errors:
            print("TABLE ERROR:", e)
            failures += 1

    print("entries per file:")
    for d in DIMENSIONS:
        t = tables[d]
        per_key = {}
        for e in t.entries:
            per_key[e.key] = per_key.get(e.key, 0) + 1
        sourced = sum(1 for e in t.entries if e.source != "usage")
        print(f"  {d + '.tsv':18} {len(t.entries):4}  ({sourced} with a cited source)  "
              + ", ".join(f"{k} {v}" for k, v in per_key.items()))

    legacy, kept_as_form = check_legacy(tables)
    for p in legacy:
        print("LEGACY:", p)
        failures += 1
    if args.verbose:
        for p in kept_as_form:
            print("legacy (kept in another form):", p)
    print(f"legacy words of keys.rs: {len(legacy)} lost, {len(kept_as_form)} kept as a longer or "
          "shorter form, the rest recognised as they are")

    path = HERE / "examples.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != ["dimension", "text", "key"]:
        print("EXAMPLES: header must be 'dimension<TAB>text<TAB>key'")
        return 1
    n = 0
    fallbacks = 0
    per_dim = {}
    for lineno, raw in enumerate(lines[1:], 2):
        if not raw.strip():
            continue
        cols = raw.split("\t")
        if len(cols) != 3:
            print(f"examples.tsv:{lineno}: expected 3 columns")
            failures += 1
            continue
        dim, text, expected = cols
        if dim not in DIMENSIONS:
            print(f"examples.tsv:{lineno}: unknown dimension {dim!r}")
            failures += 1
            continue
        if dim == "topic" and expected != "+".join(sorted(expected.split("+"))):
            print(f"examples.tsv:{lineno}: topic keys must be in alphabetical order: {expected}")
            failures += 1
        n += 1
        per_dim[dim] = per_dim.get(dim, 0) + 1
        r = classify(tables, dim, text, expected)
        ok = r.key == expected
        fallbacks += r.fallback
        if not ok:
            failures += 1
        if not ok or args.verbose:
            flag = "ok  " if ok else "FAIL"
            print(f"{flag} {dim:13} {text!r:45} -> {r.key:28} expected {expected}"
                  f"{'  [unrecognised word]' if r.fallback else ''}  {r.detail}")
    print(f"examples: {n} ({', '.join(f'{d} {c}' for d, c in per_dim.items())}); "
          f"{fallbacks} rely on the no-match fallback")
    print("RESULT:", "all good" if failures == 0 else f"{failures} problem(s)")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
