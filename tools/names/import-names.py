#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Rebuild pmark's person-name lists from fetched copies of open data sets.

Writes, into --out (default src/lib/recognise/data):

  forenames.tsv   name<TAB>count<TAB>sources
  surnames.tsv    name<TAB>count<TAB>sources
  words.tsv  word<TAB>scowl-size<TAB>source (every common English word:
             a name that is one too needs context to count)

Standard library only.  Every input is read from a git mirror (a bare git
directory, read at a pinned commit with `git show`) or from a directory on
disk; nothing is downloaded.  See the PROVENANCE.md beside the outputs for
what each source is, its licence, and the exact command that made the
checked-in files.

The readers for R's .rda files (XDR serialisation, as written by
save()/usethis::use_data()) and for .xlsx workbooks are small, written
here, and only cover what these inputs use.
"""

import argparse
import ast
import bz2
import collections
import csv
import gzip
import io
import json
import lzma
import os
import re
import struct
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

# Commits the checked-in lists were made from (override with --*-commit).
PINNED = {
    'ukbabynames': '199970dc97c49deabd0d8fba7e90704ffaadbd12',
    'ons_xlsx': '39db86a17f7b2da3309d8f384326b79ef659c365',
    'ssa': '5cbb539a286b8c1e40cb1400bf7c43b5e5b31b25',
    'census': '59933ec09aa53fbab7b6100e7f8330aa757e77e9',
    'faker': '8ad78a632a4116e6392e6d5743524c683a2e02a1',
    'quebec': '8efa85f401cd8b5b98fd03564c8548ef9cf1830d',
    'insee': '150254ea3e8f8a694d9168c0c9e71f802927040c',
    'wikidata': 'b5a40a0fcfbdba4fa0dd2f41395f6c9159d17958',
    'popnames': 'eb62e13d4d62dd96cdfae79d293a02066352205f',
}

# ONS England & Wales workbooks after 2020 (the .rda in ukbabynames ends at
# 2020); each holds the full list (every name given 3 or more times) in
# its sixth table.
ONS_XLSX = {
    2021: ('data-raw/2021boysnamesupdated1.xlsx', 'data-raw/2021girlsnames.xlsx'),
    2022: ('data-raw/boysnames2022.xlsx', 'data-raw/girlsnames2022.xlsx'),
    2023: ('data-raw/boysnames2023.xlsx', 'data-raw/girlsnames2023.xlsx'),
    2024: ('data-raw/boysnames2024.xlsx', 'data-raw/girlsnames2024.xlsx'),
}
ONS_XLSX_SHEETS = ('Table_6', '6', 'Table 6')

# Faker locales whose name lists are read: the communities named in the
# brief (British, Irish, Polish, Romanian, Lithuanian and other Central and
# Eastern European incl. Roma, South Asian, West and East African, Turkish,
# Arabic/North African, Iranian, Chinese, Vietnamese) and the larger EU
# communities.  Lists in non-Latin scripts are dropped by clean() anyway.
FAKER_LOCALES = {
    'en_GB', 'en_IE', 'ga_IE', 'en_NZ',
    'pl_PL', 'ro_RO', 'lt_LT', 'lv_LV', 'cs_CZ', 'sk_SK', 'hu_HU', 'bg_BG',
    'hr_HR', 'sl_SI',
    'tr_TR', 'az_AZ', 'ar_AA', 'ar_DZ', 'ar_PS', 'ar_SA', 'fr_DZ', 'fa_IR',
    'en_IN', 'en_PK', 'bn_BD', 'hi_IN', 'gu_IN', 'ta_IN', 'mr_IN', 'ne_NP',
    'or_IN',
    'en_NG', 'ha_NG', 'ig_NG', 'yo_NG', 'tw_GH', 'en_KE', 'sw', 'zu_ZA',
    'vi_VN', 'zh_CN', 'zh_TW',
    'pt_PT', 'pt_BR', 'es_ES', 'it_IT', 'fr_FR', 'de_DE',
}

FORENAME_MIN = 5          # combined (scaled) count a forename needs
# The added baby-name lists (Quebec, France): a name they have is listed
# when they record it this many times or more over all their years.
EXTRA_MIN = 3
NAME_MAX = 30             # characters; a longer entry from an added list is junk
SCOWL_SIZES = (10, 20, 35)  # SCOWL size classes counted as common words

# Placeholders registrars and the SSA record instead of a name.
JUNK = {
    'baby', 'babyboy', 'babygirl', 'boy', 'girl', 'infant', 'male', 'female',
    'unknown', 'unnamed', 'noname', 'notnamed', 'none', 'null', 'void',
    'twin', 'child', 'son', 'daughter', 'test', 'name', 'na', 'xxx',
    'infantof', 'babyof', 'notstated', 'not', 'stated',
}

# The census list has real surnames among these (Son, Child, Male, Boy);
# only its placeholders are dropped there.
CENSUS_JUNK = {'null', 'void', 'noname', 'test', 'unknown', 'name', 'not'}

# Honorifics and titles: never listed from the added sources (names like
# Prince or King that are also titles are common words, dropped from the
# name lists anyway; the baby-name lists keep them only as given names).
TITLES = {
    'mr', 'mrs', 'ms', 'mx', 'miss', 'mister', 'missus', 'dr', 'doctor', 'prof',
    'professor', 'rev', 'revd', 'reverend', 'sir', 'dame', 'lord', 'lady',
    'madam', 'madame', 'mme', 'mlle', 'monsieur', 'herr', 'frau', 'senor',
    'señor', 'senora', 'señora', 'sra', 'sr', 'jr', 'snr', 'jnr', 'esq', 'hon',
    'st', 'ste', 'saint', 'sheikh', 'shaikh', 'shaykh', 'sheik', 'mullah',
    'maulana', 'sri', 'shri', 'smt',
}

# Particles that may be written in lower case inside a hyphenated name
# (Jean-de-Dieu, Abd-al-Rahman); any other part in lower case marks an
# entry of an added list as no name ("Job-raked-out-of-the-ashes").
PARTICLES = {'de', 'du', 'des', 'la', 'le', 'les', 'el', 'al', 'ul', 'ud', 'ad', 'an',
             'ar', 'as', 'at', 'az', 'bin', 'ben', 'bint', 'ibn', 'abu', 'van', 'von',
             'der', 'den', 'ter', 'da', 'do', 'dos', 'das', 'di', 'del', 'della', 'y', 'e'}

# Entries of the added lists that are no names, found by reading them.
NOT_NAMES = {'droplets', 'spongebob', 'zzz', 'blx'}

# Acronyms of UK children's services, health and schools that paperwork
# writes in capitals and the recognisers know as agencies, roles or case
# terms (src/lib/recognise/roles.c): never taken from the added lists, where
# some are given names elsewhere (Lado, Iro, Yot): "RE: LADO referrals"
# would name a person.
ACRONYMS = {
    'lado', 'iro', 'yot', 'yjs', 'cla', 'lac', 'tac', 'taf', 'mash', 'marac',
    'mappa', 'camhs', 'cse', 'cce', 'cin', 'cp', 'cpp', 'icpc', 'rcpc', 'ehcp',
    'ehc', 'senco', 'sendco', 'send', 'dsl', 'ddsl', 'idva', 'isva', 'caf',
    'cafcass', 'ofsted', 'nspcc', 'sgo', 'pep', 'fgm', 'slt', 'smt', 'fgc',
    'uasc', 'lscb', 'lscp', 'ceop', 'pru', 'mdt', 'edt', 'ehm', 'ehu', 'fst',
    'csc', 'gp', 'hv', 'dv', 'fsw', 'ehp', 'sro', 'rsw', 'asw', 'nqsw', 'hlta',
    'lsa', 'salt', 'hoy', 'dhoy', 'sw', 'dfe', 'dwp', 'icb', 'ccg', 'cic',
    'hmpps', 'nhs', 'nhse', 'ukhsa', 'ceo', 'cfo', 'coo', 'ot', 'ep', 'pc',
    'dc', 'ds', 'di', 'ta', 'pa', 'met', 'lbl', 'lbh', 'rbkc', 'cs',
}

NAME_RE = re.compile(r"^[^\W\d_]+(?:['\u2019-][^\W\d_]+)*$")


# --------------------------------------------------------------------------
# reading inputs


class Source:
    """A git mirror read at a commit, or a plain directory."""

    def __init__(self, path, commit=None):
        if os.path.isdir(os.path.join(path, '.git')):   # a clone: read its history
            path = os.path.join(path, '.git')
        self.path = path
        self.git = os.path.isdir(os.path.join(path, 'objects')) and \
            os.path.isfile(os.path.join(path, 'HEAD'))
        self.commit = commit if self.git else None
        if self.git:
            self.commit = subprocess.run(
                ['git', '--git-dir', path, 'rev-parse', '--verify',
                 (commit or 'HEAD') + '^{commit}'],
                check=True, capture_output=True, text=True).stdout.strip()

    def read(self, rel):
        if self.git:
            return subprocess.run(
                ['git', '--git-dir', self.path, 'show',
                 '%s:%s' % (self.commit, rel)],
                check=True, capture_output=True).stdout
        with open(os.path.join(self.path, rel), 'rb') as f:
            return f.read()

    def listdir(self, rel):
        if self.git:
            out = subprocess.run(
                ['git', '--git-dir', self.path, 'ls-tree', '--name-only',
                 '%s:%s' % (self.commit, rel)],
                check=True, capture_output=True, text=True).stdout
            return out.split()
        return sorted(os.listdir(os.path.join(self.path, rel)))


# R .rda (XDR serialisation, format 2 or 3) ---------------------------------

class RObj:
    def __init__(self, kind, value, attr=None):
        self.kind, self.value, self.attr = kind, value, attr or {}


class _RReader:
    def __init__(self, data):
        self.d, self.p, self.refs = data, 0, []

    def int(self):
        v = struct.unpack_from('>i', self.d, self.p)[0]
        self.p += 4
        return v

    def length(self):
        n = self.int()
        if n == -1:
            hi, lo = self.int(), self.int()
            n = (hi << 32) + lo
        return n

    @staticmethod
    def pairs(obj):
        out = {}
        while isinstance(obj, RObj) and obj.kind == 'pairlist':
            tag, car, obj = obj.value
            out[tag] = car
        return out

    def item(self):
        flags = self.int()
        t = flags & 0xFF
        has_attr, has_tag = flags & (1 << 9), flags & (1 << 10)
        levels = flags >> 12
        if t in (254, 242, 241, 253, 252, 251, 250):
            return None                         # NULL, environments, markers
        if t == 255:                            # reference
            i = flags >> 8
            return self.refs[(i or self.int()) - 1]
        if t == 1:                              # symbol
            s = self.item()
            self.refs.append(s)
            return s
        if t in (247, 248, 249):                # package/persist/namespace
            self.int()
            v = [self.item() for _ in range(self.int())]
            self.refs.append(v)
            return v
        if t == 4:                              # environment
            self.refs.append(RObj('env', None))
            self.int()
            for _ in range(4):
                self.item()
            return self.refs[-1]
        if t in (2, 5, 6, 17):                  # pairlist-like
            if has_attr:
                self.item()
            tag = self.item() if has_tag else None
            car = self.item()
            return RObj('pairlist', (tag, car, self.item()))
        if t == 238:                            # ALTREP
            info, state, attr = self.item(), self.item(), self.item()
            return RObj('vec', self._altrep(info.value[1], state),
                        self.pairs(attr))
        if t == 9:                              # CHARSXP
            n = self.int()
            if n == -1:
                return None
            b = self.d[self.p:self.p + n]
            self.p += n
            return b.decode('latin-1' if levels & 4 else 'utf-8')
        if t in (10, 13):                       # logical, integer
            n = self.length()
            v = struct.unpack_from('>%di' % n, self.d, self.p)
            self.p += 4 * n
            v = [None if x == -2147483648 else x for x in v]
        elif t == 14:                           # double
            n = self.length()
            v = list(struct.unpack_from('>%dd' % n, self.d, self.p))
            self.p += 8 * n
        elif t in (16, 19, 20):                 # character, list, expression
            v = [self.item() for _ in range(self.length())]
        elif t == 24:                           # raw
            n = self.length()
            v = self.d[self.p:self.p + n]
            self.p += n
        else:
            raise ValueError('R type %d not supported (offset %d)' % (t, self.p))
        return RObj('vec', v, self.pairs(self.item()) if has_attr else {})

    @staticmethod
    def _altrep(cls, state):
        if cls in ('compact_intseq', 'compact_realseq'):
            n, start, step = state.value
            return [start + i * step for i in range(int(n))]
        if cls.startswith('wrap_'):
            return state.value[0].value
        raise ValueError('ALTREP class %r not supported' % cls)


def read_rdata(raw):
    if raw[:3] == b'BZh':
        raw = bz2.decompress(raw)
    elif raw[:2] == b'\x1f\x8b':
        raw = gzip.decompress(raw)
    elif raw[:6] == b'\xfd7zXZ\x00':
        raw = lzma.decompress(raw)
    if raw[:7] not in (b'RDX2\nX\n', b'RDX3\nX\n'):
        raise ValueError('not an XDR RData file')
    r = _RReader(raw)
    r.p = 7
    version = r.int()
    r.int(), r.int()
    if version == 3:                # native encoding: length, then the name
        n = r.int()
        r.p += n
    return r.pairs(r.item())


def data_frame(obj):
    """{column: list} of an R data frame; factors become strings."""
    cols = {}
    for name, col in zip(obj.attr['names'].value, obj.value):
        vals = col.value
        levels = col.attr.get('levels')
        if levels is not None:
            vals = [None if i is None else levels.value[i - 1] for i in vals]
        cols[name] = vals
    return cols


# .xlsx --------------------------------------------------------------------

_M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
_R = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
_P = '{http://schemas.openxmlformats.org/package/2006/relationships}'


def xlsx_rows(raw, sheet_names):
    """Rows (lists of cell strings) of the first sheet found by name."""
    z = zipfile.ZipFile(io.BytesIO(raw))
    wb = ET.fromstring(z.read('xl/workbook.xml'))
    rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
    target = {r.get('Id'): r.get('Target') for r in rels.iter(_P + 'Relationship')}
    sheets = {}
    for s in wb.iter(_M + 'sheet'):
        t = target[s.get(_R + 'id')].lstrip('/')
        sheets[s.get('name')] = t if t.startswith('xl/') else 'xl/' + t
    name = next((n for n in sheet_names if n in sheets), None)
    if name is None:
        raise ValueError('none of %r in workbook (%r)' % (sheet_names, list(sheets)))
    shared = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(_M + 'si'):
            shared.append(''.join(t.text or '' for t in si.iter(_M + 't')))
    for row in ET.fromstring(z.read(sheets[name])).iter(_M + 'row'):
        cells = {}
        for c in row.iter(_M + 'c'):
            v = c.find(_M + 'v')
            if c.get('t') == 's' and v is not None:
                val = shared[int(v.text)]
            elif c.get('t') == 'b' and v is not None:   # a name typed as TRUE
                val = 'TRUE' if v.text == '1' else 'FALSE'
            elif c.get('t') == 'inlineStr':
                val = ''.join(x.text or '' for x in c.iter(_M + 't'))
            elif v is not None:
                val = v.text
            else:
                continue
            col = 0
            for ch in re.match(r'[A-Z]+', c.get('r')).group(0):
                col = col * 26 + ord(ch) - 64
            cells[col - 1] = val
        if cells:
            yield [cells.get(i, '') for i in range(max(cells) + 1)]


# --------------------------------------------------------------------------
# sources


def load_ukbabynames(src, dataset):
    """(year, name, n) rows of ewbabynames / scotbabynames / nibabynames."""
    df = data_frame(read_rdata(src.read('data/%s.rda' % dataset))[dataset])
    return [(int(y), nm, int(n)) for y, nm, n in zip(df['year'], df['name'], df['n'])]


def load_ons_xlsx(src):
    rows = []
    for year, files in sorted(ONS_XLSX.items()):
        for rel in files:
            header = None
            for r in xlsx_rows(src.read(rel), ONS_XLSX_SHEETS):
                if header is None:
                    if 'Name' in r and 'Count' in r:
                        header = (r.index('Name'), r.index('Count'))
                    continue
                nm, n = r[header[0]].strip(), r[header[1]].strip()
                if nm and re.fullmatch(r'\d+', n):
                    rows.append((year, nm, int(n)))
            if header is None:
                raise ValueError('%s: no Name/Count table' % rel)
    return rows


def load_ssa(src):
    rows = []
    for fn in src.listdir('names'):
        m = re.fullmatch(r'yob(\d{4})\.txt', fn)
        if not m:
            continue
        year = int(m.group(1))
        for line in src.read('names/' + fn).decode('ascii').splitlines():
            if line.strip():
                nm, _sex, n = line.strip().split(',')
                rows.append((year, nm, int(n)))
    return rows


def load_census(src):
    df = data_frame(read_rdata(src.read('data/cnames.rda'))['cnames'])
    return [(s, int(c)) for s, c in zip(df['surname'], df['count'])]


FAKER_FORE = re.compile(r'^(first_names?(_\w+)?|middle_names|first_romanized_names'
                        r'|first_names_(male|female|unisex|nonbinary))$')
FAKER_SUR = re.compile(r'^((\w+_)?last_names(_\w+)?|last_romanized_names)$')


def _strings(node):
    """String constants of a tuple/list/set/dict literal or an
    OrderedDict(...)/dict(...) call of (name, weight) pairs."""
    if isinstance(node, ast.Call) and node.args:
        node = node.args[0]
    if isinstance(node, ast.Dict):
        return [k.value for k in node.keys
                if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    out = []
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        for e in node.elts:
            if isinstance(e, ast.Constant) and isinstance(e.value, str):
                out.append(e.value)
            elif isinstance(e, (ast.Tuple, ast.List)) and e.elts and \
                    isinstance(e.elts[0], ast.Constant) and isinstance(e.elts[0].value, str):
                out.append(e.elts[0].value)
    return out


def load_faker(src):
    """{'fore'|'sur': {locale: set(names)}} from Faker's person providers,
    read with ast (the provider code is parsed, never run)."""
    found = {'fore': collections.defaultdict(set), 'sur': collections.defaultdict(set)}
    for loc in src.listdir('faker/providers/person'):
        if loc not in FAKER_LOCALES:
            continue
        try:
            text = src.read('faker/providers/person/%s/__init__.py' % loc)
        except (subprocess.CalledProcessError, FileNotFoundError):
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            for t in targets:
                if not isinstance(t, ast.Name):
                    continue
                kind = 'fore' if FAKER_FORE.match(t.id) else \
                    'sur' if FAKER_SUR.match(t.id) else None
                if kind:
                    found[kind][loc].update(s.strip() for s in _strings(value))
    return found


def load_quebec(src):
    """(year, name, n) rows of Quebec's baby names, 1980-2020 (Retraite
    Quebec's "Banque de prenoms", every name given, as the R package
    prenoms stores it: upper case made title case, no accents)."""
    df = data_frame(read_rdata(src.read('data/prenoms.rda'))['prenoms'])
    return [(int(y), nm, int(n)) for y, nm, n in zip(df['year'], df['name'], df['n'])
            if nm is not None and n is not None]


def load_insee(src):
    """(year, name, n) rows of INSEE's "Fichier des prenoms" at national
    level, 1900-2021 (every name given 3 or more times in a year; the rest
    pooled as _PRENOMS_RARES, which the package leaves out)."""
    df = data_frame(read_rdata(src.read('data/prenoms_france.rda'))['prenoms_france'])
    return [(int(y), nm, int(n)) for y, nm, n in zip(df['year'], df['name'], df['n'])
            if nm is not None and n is not None]


def load_wikidata(src):
    """{'fore': [...], 'sur': [...]}: the labels (all languages) of the
    Wikidata items that are an instance of male, female or unisex given
    name, and of family name."""
    out = {'fore': [], 'sur': []}
    for fn in ('male', 'female', 'unisex'):
        out['fore'] += json.loads(src.read('data/%s.json' % fn).decode('utf-8'))
    out['sur'] += json.loads(src.read('data/family.json').decode('utf-8'))
    return out


def load_popnames(src):
    """{'fore': [...], 'sur': [...]}: the native and romanised spellings of
    the commonest forenames and surnames by country."""
    out = {'fore': [], 'sur': []}
    for kind, rel in (('fore', 'common-forenames-by-country.csv'),
                      ('sur', 'common-surnames-by-country.csv')):
        text = src.read(rel).decode('utf-8-sig')
        for row in csv.DictReader(io.StringIO(text)):
            for col in ('Localized Name', 'Romanized Name'):
                if row.get(col):
                    out[kind].append(row[col])
    return out


# --------------------------------------------------------------------------
# cleaning and merging


FOLD = str.maketrans({'ł': 'l', 'Ł': 'L', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D',
                      'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'Æ': 'Ae', 'œ': 'oe', 'Œ': 'Oe',
                      'ð': 'd', 'Ð': 'D', 'þ': 'th', 'Þ': 'Th', 'ħ': 'h', 'Ħ': 'H'})


def ascii_fold(s):
    s = unicodedata.normalize('NFKD', s.translate(FOLD))
    return ''.join(c for c in s if not unicodedata.combining(c))


def latin_only(s):
    return all(not c.isalpha() or 'LATIN' in unicodedata.name(c, '') for c in s)


def clean(name, recase=False):
    """The name as it should be listed, or None for junk; recase turns an
    all-capitals name (the census list) into its usual form."""
    name = unicodedata.normalize('NFC', name.strip()).replace('\u2019', "'")
    if not NAME_RE.match(name) or not latin_only(name):
        return None
    letters = re.sub(r"['-]", '', name)
    if len(letters) < 2 or letters.casefold() in (CENSUS_JUNK if recase else JUNK):
        return None
    if (recase or len(letters) > 2) and name.isupper() or name.islower():
        name = smart_title(name)
    return name


def smart_title(s):
    """SMITH -> Smith, MCDONAGH -> McDonagh, O'BRIEN -> O'Brien,
    FITZGERALD-JONES -> Fitzgerald-Jones."""
    parts = re.split(r"(['-])", s.lower())
    out = []
    for p in parts:
        if p in ("'", '-') or not p:
            out.append(p)
            continue
        p = p[0].upper() + p[1:]
        if re.match(r'Mc[a-z]{2}', p):
            p = 'Mc' + p[2].upper() + p[3:]
        out.append(p)
    return ''.join(out)


def key(name):
    return name.casefold()


class Table:
    """Names merged case-insensitively, with per-source counts and the
    spelling to list (the most frequent one, UK sources first)."""

    def __init__(self):
        self.counts = collections.defaultdict(lambda: collections.Counter())
        self.forms = collections.defaultdict(lambda: collections.Counter())
        self.sources = collections.defaultdict(set)

    def add(self, name, source, n, weight):
        k = key(name)
        self.counts[k][source] += n
        self.forms[k][name] += n * weight + 1e-9
        self.sources[k].add(source)

    def display(self, k):
        # a spelling that starts with a capital first, then the most used
        return max(self.forms[k].items(),
                   key=lambda kv: (kv[0][:1].isupper(), kv[1], kv[0]))[0]


# Source tags, in the order a row lists them.
OLD_TAGS = ('ons', 'nrs', 'nisra', 'ssa', 'census', 'faker')
TAG_ORDER = ('ons', 'nrs', 'nisra', 'ssa', 'quebec', 'insee', 'census', 'faker',
             'wikidata', 'popnames')


def read_scowl(path):
    """{word: size}: SCOWL's lower-case words of sizes 10, 20 and 35."""
    words = {}
    for size in SCOWL_SIZES:
        for stem in ('english-words', 'british-words'):
            p = os.path.join(path, '%s.%d' % (stem, size))
            if not os.path.exists(p):
                continue
            with open(p, encoding='utf-8', errors='replace') as f:
                for w in f:
                    w = w.strip()
                    if w and w.islower():
                        words.setdefault(w, size)
    return words


def added_name(name, words=None):
    """(name as listed, None), or (None, why) for an entry of an added
    source that is not taken: 'junk' (what clean() refuses: digits, single
    letters, spaces, dots, non-Latin script, placeholders; and a name that
    starts in lower case, two capitals (SG), a one-letter part between
    hyphens (R-H-M), a part in lower case that is no particle, or one of
    NOT_NAMES), 'long' (more
    than NAME_MAX characters), 'title', 'acronym' (ACRONYMS), or 'word' (a
    common English word;
    checked only when words is given, i.e. for the lists without
    frequencies)."""
    c = clean(name)
    if c is None:
        return None, 'junk'
    parts = c.split('-')
    if not c[0].isupper() or (len(c) == 2 and c.isupper()) or c.casefold() in NOT_NAMES \
            or any(len(x) < 2 for x in parts) \
            or any(x[0].islower() and x not in PARTICLES for x in parts[1:]):
        return None, 'junk'
    if len(c) > NAME_MAX:
        return None, 'long'
    if c.casefold() in TITLES:
        return None, 'title'
    if c.casefold() in ACRONYMS:
        return None, 'acronym'
    if words is not None and c.casefold() in words:
        return None, 'word'
    return c, None


def build(args):
    log = lambda *a: print(*a, file=sys.stderr)
    uk = Source(args.ukbabynames, args.ukbabynames_commit or PINNED['ukbabynames'])
    onsx = Source(args.ons_xlsx, args.ons_xlsx_commit or PINNED['ons_xlsx'])
    ssa_src = Source(args.ssa, args.ssa_commit or PINNED['ssa'])
    cen = Source(args.census, args.census_commit or PINNED['census'])
    fk = Source(args.faker, args.faker_commit or PINNED['faker']) if args.faker else None

    raw = {
        'ons': load_ukbabynames(uk, 'ewbabynames') + load_ons_xlsx(onsx),
        'nrs': load_ukbabynames(uk, 'scotbabynames'),
        'nisra': load_ukbabynames(uk, 'nibabynames'),
        'ssa': load_ssa(ssa_src),
    }
    stats = {}
    for s, rows in raw.items():
        years = sorted({y for y, _, _ in rows})
        stats[s] = (len(rows), years[0], years[-1], len(years), sum(n for _, _, n in rows))
        log('%-6s %7d rows, %d-%d (%d years), %d births' % ((s,) + stats[s]))

    # Scale the SSA's US counts to UK births: the ratio of all UK births
    # counted (ONS + NRS + NISRA) to all US births counted (SSA) over the
    # years all four cover.
    common = set.intersection(*({y for y, _, _ in rows} for rows in raw.values()))
    uk_total = sum(n for s in ('ons', 'nrs', 'nisra') for y, _, n in raw[s] if y in common)
    us_total = sum(n for y, _, n in raw['ssa'] if y in common)
    ssa_scale = uk_total / us_total
    log('SSA scale %.5f (UK %d / US %d births, %d-%d)'
        % (ssa_scale, uk_total, us_total, min(common), max(common)))

    fore = Table()
    dropped = collections.Counter()
    for s, rows in raw.items():
        for y, nm, n in rows:
            # Which spelling to list: ONS workbooks from 2021 keep the case
            # as registered (McKenzie); the earlier ONS, NRS and NISRA
            # lists come title-cased (Mckenzie) and the SSA's likewise.
            weight = 1000.0 if s == 'ons' and y > 2020 else \
                ssa_scale * 0.5 if s == 'ssa' else 1.0
            c = clean(nm)
            if c is None:
                dropped[s] += n
                continue
            fore.add(c, s, n, weight)
    log('dropped as junk (births):', dict(dropped))

    # common English words (SCOWL sizes 10, 20, 35)
    words = read_scowl(args.scowl)

    # Added baby-name lists with frequencies (Quebec, France).  A name is
    # taken when the list has it EXTRA_MIN times or more; its births count
    # only towards names that the UK and US lists do not already list (see
    # below), scaled to UK births as the SSA's are, but never scaled up.
    uk_years = set.intersection(*({y for y, _, _ in raw[s]} for s in ('ons', 'nrs', 'nisra')))
    extra_srcs = {}
    for tag, path, loader in (('quebec', args.quebec, load_quebec),
                              ('insee', args.insee, load_insee)):
        if path:
            extra_srcs[tag] = (Source(path, getattr(args, tag + '_commit') or PINNED[tag]),
                               loader)
    extra, extra_scale = {}, {}
    extra_form = collections.defaultdict(collections.Counter)
    for tag, (src, loader) in extra_srcs.items():
        rows = loader(src)
        years = sorted({y for y, _, _ in rows})
        both = uk_years & set(years)
        uk_n = sum(n for s in ('ons', 'nrs', 'nisra') for y, _, n in raw[s] if y in both)
        src_n = sum(n for y, _, n in rows if y in both)
        extra_scale[tag] = min(1.0, uk_n / src_n)
        births, why = collections.Counter(), collections.Counter()
        for y, nm, n in rows:
            c, bad = added_name(nm)
            if c is None:
                why[bad] += n
                continue
            births[key(c)] += n
            extra_form[key(c)][c] += n
        extra[tag] = {k: v for k, v in births.items() if v >= EXTRA_MIN}
        log('%-6s %7d rows, %d-%d (%d years), %d births; scale %.5f (UK %d / %d, %d-%d); '
            'names kept (>= %d births) %d; dropped (births): %s'
            % (tag, len(rows), years[0], years[-1], len(years), sum(n for _, _, n in rows),
               extra_scale[tag], uk_n, src_n, min(both), max(both), EXTRA_MIN,
               len(extra[tag]), dict(why)))

    faker = load_faker(fk) if fk else {'fore': {}, 'sur': {}}
    faker_fore, faker_sur = {}, {}
    for kind, dest in (('fore', faker_fore), ('sur', faker_sur)):
        log('faker %s names kept per locale: %s' % (kind, ', '.join(
            '%s %d' % (loc, sum(1 for n in v if clean(n)))
            for loc, v in sorted(faker[kind].items()) if any(clean(n) for n in v))))
        for loc, names in sorted(faker[kind].items()):
            for nm in sorted(names):
                c = clean(nm)
                if c is None:
                    continue
                dest.setdefault(c, set()).add(loc)
                f = ascii_fold(c)
                if f != c and clean(f):
                    dest.setdefault(clean(f), set()).add(loc)

    fore_rows = []
    for k in fore.counts:
        cnt = fore.counts[k]
        total = cnt['ons'] + cnt['nrs'] + cnt['nisra'] + cnt['ssa'] * ssa_scale
        if total >= FORENAME_MIN:
            fore_rows.append([fore.display(k), int(round(total)),
                              [s for s in ('ons', 'nrs', 'nisra', 'ssa') if cnt[s]]])
    by_key = {key(r[0]): r for r in fore_rows}
    # Names from the added baby-name lists: a name the UK and US lists
    # already list keeps its count and gains the tag; any other gets
    # its UK and US births (under FORENAME_MIN) plus the added lists'
    # births, each scaled by that list's factor.
    # They add no row for a common English word: the UK and US lists
    # already have the words that are names here (May, Hope, Will); a
    # French or Quebec name that is one (Line, Patient, Safe) is rarely
    # given in the UK and would read ordinary words as names.
    word_hits = collections.defaultdict(set)
    for k in sorted(set().union(*extra.values())) if extra else []:
        tags = [t for t in extra if k in extra[t]]
        r = by_key.get(k)
        if r is None and k in words:
            for t in tags:
                word_hits[(t, 'fore')].add(max(extra_form[k].items(),
                                               key=lambda kv: (kv[1], kv[0]))[0])
            continue
        if r is None:
            cnt = fore.counts[k] if k in fore.counts else collections.Counter()
            total = cnt['ons'] + cnt['nrs'] + cnt['nisra'] + cnt['ssa'] * ssa_scale
            total += sum(extra[t][k] * extra_scale[t] for t in tags)
            name = fore.display(k) if k in fore.counts else \
                max(extra_form[k].items(), key=lambda kv: (kv[1], kv[0]))[0]
            r = by_key[k] = [name, int(round(total)),
                             [s for s in ('ons', 'nrs', 'nisra', 'ssa') if cnt[s]]]
            fore_rows.append(r)
        r[2] += tags
    for nm in faker_fore:
        r = by_key.get(key(nm))
        if r is None:
            r = by_key[key(nm)] = [nm, 0, []]
            fore_rows.append(r)
        if 'faker' not in r[2]:
            r[2].append('faker')

    # Surnames: the census list (upper case, letters only) keyed on its
    # letters; a spelling with punctuation or inner capitals from a name
    # list (O'Brien, MacDonald) is listed in place of the census one.
    census = load_census(cen)
    letters_key = lambda s: re.sub(r"[^\w]", '', s).casefold()
    punct_form = {}
    for nm in sorted(faker_sur):
        if nm != smart_title(nm) or "'" in nm:
            punct_form.setdefault(letters_key(nm), nm)
    sur = {}
    for nm, n in census:
        if n < 100:
            continue
        c = clean(nm, recase=True)
        if c is None:
            dropped['census'] += n
            continue
        c = punct_form.get(letters_key(c), c)
        r = sur.setdefault(key(c), [c, 0, ['census']])
        r[1] += n
    for nm in faker_sur:
        r = sur.setdefault(key(nm), [nm, 0, []])
        if 'faker' not in r[2]:
            r[2].append('faker')

    # every common word (a name that is one too needs context to count)
    nw = words

    # Added name lists without frequencies (Wikidata, the popular-names
    # dataset): count 0 where no other source has the name, like Faker's.
    # Common English words are not taken from them.  Surnames merge with a
    # listed surname of the same letters (O'Neal with the census's Oneal),
    # forenames case-insensitively as everywhere else.
    lists, list_commits = {}, {}
    for tag, path, loader in (('wikidata', args.wikidata, load_wikidata),
                              ('popnames', args.popnames, load_popnames)):
        if path:
            src = Source(path, getattr(args, tag + '_commit') or PINNED[tag])
            lists[tag] = loader(src)
            list_commits[tag] = src.commit
    by_letters = {}
    for r in sur.values():
        by_letters.setdefault(letters_key(r[0]), r)
    for tag, data in lists.items():
        for kind in ('fore', 'sur'):
            why, kept = collections.Counter(), 0
            for nm in sorted(set(data[kind])):
                c, bad = added_name(nm, words)
                if c is None:
                    why[bad] += 1
                    if bad == 'word':
                        word_hits[(tag, kind)].add(clean(nm))
                    continue
                kept += 1
                if kind == 'fore':
                    r = by_key.get(key(c))
                    if r is None:
                        r = by_key[key(c)] = [c, 0, []]
                        fore_rows.append(r)
                else:
                    r = by_letters.get(letters_key(c))
                    if r is None:
                        r = by_letters[letters_key(c)] = sur[key(c)] = [c, 0, []]
                if tag not in r[2]:
                    r[2].append(tag)
            log('%-8s %s: %d entries, %d kept, dropped: %s'
                % (tag, kind, len(set(data[kind])), kept, dict(why)))
    sur_rows = list(sur.values())
    for r in fore_rows + sur_rows:
        r[2] = sorted(set(r[2]), key=TAG_ORDER.index)
    # the common words the lists had that no source lists as a name (the
    # rows this filter kept out)
    fore_keys = {key(r[0]) for r in fore_rows}
    sur_letters = {letters_key(r[0]) for r in sur_rows}
    for (tag, kind), ws in sorted(word_hits.items()):
        out_only = sorted(w for w in ws if (key(w) not in fore_keys if kind == 'fore'
                                             else letters_key(w) not in sur_letters))
        log('%-8s %s: %d common words dropped, %d of them listed by no other source: %s'
            % (tag, kind, len(ws), len(out_only), ' '.join(out_only)))

    out = args.out
    os.makedirs(out, exist_ok=True)
    sort_key = lambda r: (r[0].casefold(), r[0])
    with open(os.path.join(out, 'forenames.tsv'), 'w', encoding='utf-8', newline='\n') as f:
        for r in sorted(fore_rows, key=sort_key):
            f.write('%s\t%d\t%s\n' % (r[0], r[1], ','.join(r[2])))
    with open(os.path.join(out, 'surnames.tsv'), 'w', encoding='utf-8', newline='\n') as f:
        for r in sorted(sur_rows, key=sort_key):
            f.write('%s\t%d\t%s\n' % (r[0], r[1], ','.join(r[2])))
    with open(os.path.join(out, 'words.tsv'), 'w', encoding='utf-8', newline='\n') as f:
        for nm in sorted(nw, key=lambda s: (s.casefold(), s)):
            f.write('%s\t%d\tscowl\n' % (nm, nw[nm]))

    log('forenames.tsv %d rows (%d with a count, %d without)'
        % (len(fore_rows), sum(1 for r in fore_rows if r[1]),
           sum(1 for r in fore_rows if not r[1])))
    log('surnames.tsv  %d rows (%d census, %d without a count)'
        % (len(sur_rows), sum(1 for r in sur_rows if r[1]),
           sum(1 for r in sur_rows if not r[1])))
    for name, rows in (('forenames', fore_rows), ('surnames', sur_rows)):
        new = [r for r in rows if not set(r[2]) & set(OLD_TAGS)]
        log('%s: %d rows from the added sources alone; per tag (rows with it / '
            'rows from it alone): %s' % (name, len(new), ', '.join(
                '%s %d/%d' % (t, sum(1 for r in rows if t in r[2]),
                              sum(1 for r in rows if r[2] == [t]))
                for t in TAG_ORDER if t not in OLD_TAGS)))
    log('words.tsv %d rows' % len(nw))
    log('commits: ' + ', '.join('%s=%s' % (n, s.commit) for n, s in
                                (('ukbabynames', uk), ('ons_xlsx', onsx), ('ssa', ssa_src),
                                 ('census', cen), ('faker', fk))
                                + tuple((t, v[0]) for t, v in extra_srcs.items()) if s)
        + ''.join(', %s=%s' % (t, c) for t, c in list_commits.items()))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.normpath(os.path.join(here, '..', '..', 'src', 'lib',
                                                'recognise', 'data'))
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--ukbabynames', required=True,
                   help='mine-cetinkaya-rundel/ukbabynames mirror (ONS 1996-2020, NRS, NISRA)')
    p.add_argument('--ons-xlsx', required=True,
                   help='rossbowen/babynames mirror (ONS workbooks 2021-2024)')
    p.add_argument('--ssa', required=True, help='aramshiva/babies mirror (SSA yob*.txt)')
    p.add_argument('--census', required=True,
                   help='kosukeimai/qss-package mirror (US Census 2000 surnames)')
    p.add_argument('--faker', help='joke2k/faker mirror (name lists; omit to leave them out)')
    p.add_argument('--quebec',
                   help='desautm/prenoms mirror (Quebec baby names 1980-2020; omit to leave out)')
    p.add_argument('--insee',
                   help='ThinkR-open/prenoms mirror (INSEE French baby names 1900-2021; '
                   'omit to leave out)')
    p.add_argument('--wikidata',
                   help='commenthol/wikidata-names mirror (Wikidata given and family '
                   'names; omit to leave out)')
    p.add_argument('--popnames',
                   help='sigpwned/popular-names-by-country-dataset mirror (commonest '
                   'forenames and surnames by country; omit to leave out)')
    p.add_argument('--scowl', default='/usr/share/dict/scowl',
                   help='SCOWL final lists (Debian package scowl)')
    for n in PINNED:
        p.add_argument('--%s-commit' % n.replace('_', '-'),
                       help='commit to read (default %s)' % PINNED[n])
    p.add_argument('--out', default=default_out)
    build(p.parse_args())


if __name__ == '__main__':
    main()
