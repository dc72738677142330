"""The actor registry (``schemalab/data/actors.yml``): printed pilot/partner cells → bodies.

A plan prints its pilots and partners as cells ("Éducation nationale - Services
hospitaliers - CAF", "DEF – Chef de service PPE", "PMI /CAF/CPAM/ARS/MDPH"). At build
time (:meth:`schemalab.parsers.base.BaseParser.add_actor`) each cell is split into the
bodies it names (:func:`split_cell`) and each body is looked up in the registry
(:meth:`Registry.resolve`), which gives its canonical name and its category (closed
vocabulary ``actor_category`` of :mod:`schemalab.schema`). The registry is data,
reviewed like code: a name it does not know is reported (build warning, error under
``--strict``, ``schemalab actors --unmapped``), never guessed.
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REGISTRY_PATH = Path(__file__).parent / "data" / "actors.yml"


@dataclass(frozen=True)
class Body:
    """One canonical body of the registry."""

    name: str
    category: str
    patterns: tuple[re.Pattern, ...]
    generic: bool = False


@dataclass(frozen=True)
class Match:
    """A printed part of a cell and the body it names (None: not in the registry)."""

    part: str
    body: Body | None

    @property
    def canonical_name(self) -> str:
        return self.body.name if self.body else self.part

    @property
    def category(self) -> str | None:
        return self.body.category if self.body else None


def fold(text: str) -> str:
    """Lower-case, accent-free form used for matching.

    Ligatures œ/æ are spelt out; typographic apostrophes become ``'``; the OCR elision ``I'`` (capital i, as in
    Pas-de-Calais's "Direction de I'Enfance") and ``[I`` read as ``l'``; a leading
    article and the trailing punctuation are dropped.
    """
    s = unicodedata.normalize("NFKD", str(text))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("œ", "oe").replace("æ", "ae")  # ligatures have no NFKD decomposition
    s = re.sub(r"[’‘`´]", "'", s)
    s = re.sub(r"(?<![a-z])\[?i[\"']+", "l'", s)
    s = re.sub(r"(?<![a-z])ia(?= )", "la", s)
    s = re.sub(r"\s+", " ", s).strip(" .,;:…*-–—\"'")
    s = re.sub(r"\s*(\.\.\.|…|etc\.?)$", "", s).strip(" .,;:")
    s = re.sub(r"^(l'|le |la |les |des |un representant de (la |l')?)", "", s)
    return s


#: A separator between bodies: , ; / : or a dash with a space on at least one side
#: ("MDA- DTS"), never a hyphen inside a word ("DGA-RE", "Enfance-Famille"); « et » between a
#: body's acronym in brackets and a capital (« Service de PMI (PMI) et Direction de l'enfance
#: et de la famille (DEF) »: two bodies, the « et » inside the second name no separator).
_SEP = re.compile(r"\s*[,;/:]\s*|\s[-–—]\s?|\s?[-–—]\s|(?<=\))\s+et\s+(?=[A-ZÉÈÀÂÎÔ])")


def _split_outside_parens(text: str) -> list[tuple[str, str]]:
    """(separator printed before it, part) for each part of ``text``; the first part's
    separator is ``""``. Nothing inside parentheses, brackets or quotes (« », “ ”,
    straight ``"``) is a separator: ``Entreprises du club « Un jeune, un parrain »``
    is one part."""
    parts, depth, start, sep = [], 0, 0, ""
    masked = []
    quoted = False  # inside straight double quotes
    for ch in text:
        if ch in "([«“":
            depth += 1
        elif ch in ")]»”":
            depth = max(depth - 1, 0)
        elif ch == '"':
            quoted = not quoted
        masked.append(ch if depth == 0 and not quoted or ch == '"' else "\0")
    m_text = "".join(masked)
    for m in _SEP.finditer(m_text):
        parts.append((sep, text[start : m.start()]))
        sep, start = m.group().strip(), m.end()
    parts.append((sep, text[start:]))
    return parts


def _continues_name(prev: str, piece: str) -> bool:
    """Whether ``piece``, printed after a comma, goes on the name ``prev`` started.

    "Direction de l'enfance, de la jeunesse et des familles": the piece starts (in lower
    case, ``et`` allowed before) with a word that continues a name (:data:`_CONTINUES_NAME`:
    de, du, des, de la, de l', d', aux, à) and the name before it is a singular noun
    with its complement (``Direction de …``); the comma then enumerates complements of
    one name. "ARS, des associations" (no complement before) stays two parts; so do a
    plural noun's fields ("les acteurs de la santé, de l'insertion"): a group, named by
    its first field, the rest kept in ``name_raw`` (:meth:`Registry.resolve`).
    """
    m = re.match(r"(?:et\s+)?", piece)
    rest = piece[m.end() :]
    if not (rest[:1].islower() and _CONTINUES_NAME.match(rest)):
        return False
    noun = re.search(r"(\S+)\s(?:(?:de|du)\b|d['’])", prev)
    # a plural noun and its fields ("acteurs de la santé, de l'insertion", "Partenaires
    # de la formation, de l'emploi") describe a group, not one body's name
    return bool(noun and not re.search(r"[sx]$", noun.group(1)))


def split_cell(cell: str) -> list[str]:
    """The printed parts of a cell, split on separators outside parentheses and quotes
    (:func:`split_cell_seps` without the separators).

    A piece after a comma that continues the name before it (:func:`_continues_name`)
    is no new part: it is joined back, so no printed word is lost.

    >>> split_cell("Éducation nationale - Services hospitaliers - CAF")
    ['Éducation nationale', 'Services hospitaliers', 'CAF']
    >>> split_cell("Direction de l'enfance, de la jeunesse et des familles ; CAF")
    ["Direction de l'enfance, de la jeunesse et des familles", 'CAF']
    """
    return [p for _, p in split_cell_seps(cell)]


def split_cell_seps(cell: str) -> list[tuple[str, str]]:
    """``(separator printed before it, part)`` for each printed part of a cell (the
    first part's separator is ``""``): :func:`split_cell`'s parts."""
    out: list[tuple[str, str]] = []
    for sep, p in _split_outside_parens(str(cell)):
        p = re.sub(r"\s+", " ", p).strip(" .,;:…*-–—")
        p = re.sub(r"\s*(\.\.\.|…|etc\.?)$", "", p).strip(" .,;:")
        if out and sep == "," and _continues_name(out[-1][1], p):
            out[-1] = (out[-1][0], f"{out[-1][1]}, {p}")
            continue
        p = re.sub(r"^(et|ainsi que)\s+", "", p, flags=re.I)
        if p:
            out.append((sep, p))
    return out


#: The words that continue a name after " et ": "Direction de l'enfance et des
#: familles", "Maisons des jeunes et de la culture", "Chambre de métiers et de
#: l'artisanat". A body's name never starts with them, so " et " before them is no
#: separator between two bodies.
_CONTINUES_NAME = re.compile(r"(?:des|du|de|aux?|à)\b|d['’]", re.I)
#: The words an acronym skips (« Agence régionale de santé » → ARS).
_ACRONYM_SKIPS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "aux", "au", "en", "pour"}


def acronym_names(name: str) -> bool:
    """``name`` ends with the acronym of the words before it, in brackets: « Mutualité
    sociale agricole (MSA) », « Institut médico-éducatif (IME) » (small words skipped)."""
    m = re.fullmatch(r"(.*?)\s*\(([A-ZÉ]{2,8})\)", name.strip())
    if not m:
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", m.group(1)) if w.lower() not in _ACRONYM_SKIPS]
    return fold("".join(w[0] for w in words)) == fold(m.group(2))


#: A role printed in brackets after the bodies it applies to, in a cell listing every actor
#: of a sheet (« Acteurs : Service de PMI (pilote), CPAM (copilote), maternités, centre
#: hospitalier (partenaires) »), and the separator after it.
_ROLE_MARK = re.compile(
    r"\s*\((?P<role>co-?pilot(?:e|es|age)|pilot(?:e|es|age)|partenaires?|associ[ée]e?s?)\)\s*(?:[,;]\s*|$)",
    re.I,
)


def role_groups(text: str, role: str) -> list[tuple[str, str]]:
    """``(role, bodies)`` for each group of ``text`` its bracketed role marks close: the bodies
    since the previous mark take the role of theirs (pilot for « pilote », « copilote(s) »,
    « pilotage »; partner for « partenaire(s) », « associé(s) »); bodies after the last mark, or
    a text with none, keep ``role`` (the field's).

    >>> role_groups("Service de PMI (pilote), CPAM (copilote), maternités, CAF (partenaires)", "partner")
    [('pilot', 'Service de PMI'), ('pilot', 'CPAM'), ('partner', 'maternités, CAF')]
    """
    out, start = [], 0
    for m in _ROLE_MARK.finditer(text):
        group = text[start : m.start()].strip(" ,;")
        if group:
            out.append(("pilot" if "pilot" in m.group("role").lower() else "partner", group))
        start = m.end()
    rest = text[start:].strip(" ,;")
    if rest or not out:
        out.append((role, rest if out else text))
    return out


def split_at_et(part: str) -> list[str]:
    """The pieces of ``part`` at " et ", when " et " can separate two bodies.

    A cell is cut at " et " only when each side is a known body (:meth:`Registry._one`):
    "PJJ et SPIP", "Gendarmerie et Police nationale". It is never cut where the words
    after " et " start with a contraction or article that continues a name (des, du,
    de, de la, de l', d', aux, à): "Direction de l'enfance et des familles" is one body.

    >>> split_at_et("PJJ et SPIP")
    ['PJJ', 'SPIP']
    >>> split_at_et("Direction de l'enfance et des familles")
    ["Direction de l'enfance et des familles"]
    """
    pieces, start = [], 0
    for m in re.finditer(r"\s+et\s+", part):
        if _CONTINUES_NAME.match(part, m.end()):
            continue
        pieces.append(part[start : m.start()])
        start = m.end()
    pieces.append(part[start:])
    return pieces


_DASHES = ("-", "–", "—")
#: A list's lead-in before a colon, naming a group of the bodies it lists, not a body.
_LEAD_IN = re.compile(
    r"(?i)^\s*(?:les\s+|l['’]ensemble\s+des\s+)?(?:membres|partenaires|acteurs|composantes|repr[ée]sentants|signataires)\b"
)
#: What separates two bodies inside a printed actor cell: a comma, a semicolon, a slash, a
#: dash between spaces.
ACTOR_SEPARATOR = re.compile(r"\s*[,;/]\s*|\s[–—-]\s")
#: A name's acronym in brackets at its end, looked up without it.
_ACRONYM_END = re.compile(r"\s*\([^()]*\)$")
#: A part naming a unit of a body, whatever its case (« DEF – Service de PMI », « … – Pôle de
#: l'enfance »; not « Services hospitaliers », a body): after the cell's one dash it is a unit
#: of the body before it. The observatory of child protection is the Département's own, a
#: unit of its child and family directorate where a dash joins them (« DEF – Observatoire
#: départemental de la protection de l'enfance (ODPE) », two hand readings, 72 and 74).
_UNIT_NOUN = re.compile(
    r"(?i)(?:service|p[ôo]le|mission|cellule|bureau|unit[ée]|antenne|[ée]quipe)\s+(?:de|du|des|d['’])"
    # « Mission observation et évaluation », « Mission participation », « Service offre
    # d'accueil »: the noun and its name (never « Mission locale », « Pôle emploi », bodies
    # of their own)
    r"|(?:service|p[ôo]le|mission|cellule|bureau|unit[ée]|antenne)\s+(?!locales?\b|emploi\b)[^\W\d]{3,}"
    r"|observatoire\s+d[ée]partemental|cellule\s+[A-Z]{2,}\b"
)


#: Words introducing a body a pilot works with (« en lien avec la CAF », « en partenariat avec
#: l'ARS », « avec l'appui de la PJJ »): no part of its name.
_WITH_LEAD = re.compile(
    r"(?i)^(?:en\s+(?:lien|partenariat|collaboration|liaison|concertation)\s+(?:étroit[e]?\s+)?avec|avec\s+l['’]appui\s+d[eu]s?|"
    r"avec\s+le\s+concours\s+d[eu]s?|avec\s+l['’]aide\s+d[eu]s?)\s+(?:la\s+|le\s+|l['’]\s*|les\s+)?(?=\S)"
)
#: A body's name, then what it is named for (« ARS pour les structures médico-sociales »).
_FOR_WHAT = re.compile(r"^(\S.{1,60}?)\s+(?:pour|concernant|s['’]agissant)\s+(?:les?|la|l['’]|des|du)\b")
#: A person's title opening a part (« Directrice FDE », « Chargée de mission … », « Chef du
#: service PPE »): the part names the person's body, not a unit joined to the one before.
_PERSON_TITLE = re.compile(r"(?i)^(?:directeur|directrice|charg[ée]e?s?|chef|cheffe|responsable|adjoint|adjointe)\b")


def starts_a_body(registry: Registry, above: str, text: str, below=()) -> bool:
    """``text``, printed under ``above`` with no list glyph, starts a body of its own: it
    opens with a capital, ``above`` ends closed (:func:`~schemalab.parsers.ocr_lines.continues_line`:
    no connector, comma, dash or open bracket) and the registry knows a body on each side
    of the break: the name ``above`` ends with and the name ``text`` starts (up to the
    separators the lines print, with the lines of ``below`` that go on with it). A converter
    prints a cell's bodies one per line so (pypdf, pdfplumber; pandoc's grid cells); a name
    wrapped before a word the registry does not know alone stays whole (« Direction … –
    mission » / « Observatoire »)."""
    from schemalab.extract import join_wrapped
    from schemalab.parsers.ocr_lines import continues_line

    if not text[:1].isupper() or continues_line(above, text):
        return False
    right = text
    for nxt in below:
        if not nxt or not continues_line(right, nxt):
            break
        right = join_wrapped(right, nxt)
    lefts, right = ACTOR_SEPARATOR.split(above), ACTOR_SEPARATOR.split(right)[0]
    # a unit after its body's dash, in lower case (« Éducation nationale – centre académique
    # … (CASNAV) »), ends the body's name
    left = lefts[-2] if len(lefts) > 1 and lefts[-1][:1].islower() else lefts[-1]
    return registry.names_a_body(left) and registry.names_a_body(right)


@dataclass
class Registry:
    """The loaded registry: categories, bodies in file order, qualifiers, part fixes."""

    categories: dict[str, str]
    bodies: list[Body]
    qualifiers: tuple[re.Pattern, ...] = ()
    parts: dict[str, list[str]] = field(default_factory=dict)
    #: Printed names that hold a separator and name one body ("Pôle solidarités,
    #: enfance et famille"): a cell is never cut inside them.
    whole: tuple[str, ...] = ()

    def names_a_body(self, part: str) -> bool:
        """``part`` names a body this registry knows (an acronym in brackets at its end aside)."""
        return self.lookup(_ACRONYM_END.sub("", part)) is not None

    def lookup(self, part: str) -> Body | None:
        """The body a single printed part names (first pattern match in file order)."""
        f = fold(part)
        if not f:
            return None
        for body in self.bodies:
            if any(p.search(f) for p in body.patterns):
                return body
        return None

    def _one(self, part: str) -> list[Match]:
        # "Lieux d'accueil (assistants familiaux, MECS, lieux de vie)": the words outside
        # the parentheses name the body, unless they are generic or name none; then
        # the bodies the parentheses list (one body alone there is the acronym of the
        # name printed before it).
        # "Service de PMI et Mutualité sociale agricole (MSA)": the acronym names the last
        # body only, two known bodies (where it names the whole printed name, « Enfance et
        # familles d'adoption (EFA) », the name is one body)
        # « DEF et MDPH (pilotage conjoint) »: two known bodies, then a remark in brackets
        # naming none (lower case): the two bodies
        remark = re.fullmatch(r"(.*\S)\s*\(([^\W\d_A-Z][^()]*)\)", part)
        joined = split_at_et(remark.group(1)) if remark and self.lookup(remark.group(2)) is None else []
        if len(joined) > 1 and (two := self._et_bodies(joined)):
            return two
        pieces = split_at_et(part)
        if len(pieces) > 1 and acronym_names(pieces[-1]) and not acronym_names(part):
            found = [self.lookup(p) for p in pieces]
            if all(found) and len({b.name for b in found}) == len(found):
                return [Match(p, b) for p, b in zip(pieces, found, strict=True)]
        if len(pieces) > 1 and not part.rstrip().endswith(")") and (two := self._et_bodies(pieces)):
            # « DEF et Agence régionale de santé (ARS) Nouvelle-Aquitaine »: the brackets
            # inside the second name, two known bodies joined by « et »
            return two
        m = re.fullmatch(r"(.*?)\s*\((.*?)\)?", part)
        if m and m.group(1):
            outside = self.lookup(m.group(1))
            if outside is not None and not outside.generic:
                return [Match(part, outside)]
            inner = split_cell(m.group(2))
            found = [self.lookup(p) for p in inner]
            if len(inner) == 1 and found[0] is not None:
                # "Centre national de la fonction publique territoriale (CNFPT)": one
                # body, its acronym in brackets; the name stays as printed
                return [Match(part, found[0])]
            if inner and all(found):
                return [Match(p, b) for p, b in zip(inner, found, strict=True)]
            if outside is not None:
                return [Match(part, outside)]
        # "Direction de l'enfance et de la famille et Caisse d'allocations familiales",
        # "PJJ et SPIP": two known bodies joined by " et " (tried before the whole part,
        # whose first pattern found would name one of them only).
        pieces = split_at_et(part)
        if len(pieces) > 1 and (two := self._et_bodies(pieces)):
            return two
        # "Direction de l'enfance, de la jeunesse et des familles": the head before the
        # enumerated complements names the body (a complement never does).
        body = self.lookup(re.split(r",\s", part, maxsplit=1)[0] if ", " in part else part)
        if body is not None:
            return [Match(part, body)]
        # « ARS pour les structures médico-sociales »: a known body, then what it is named
        # for; the row is the body (24 l.272)
        scoped = _FOR_WHAT.match(part)
        if scoped and (body := self.lookup(scoped.group(1))) is not None and not body.generic:
            return [Match(scoped.group(1), body)]
        return [Match(part, None)]

    def _et_bodies(self, pieces: list[str]) -> list[Match]:
        """The pieces of a part cut at « et », each a different known body; [] otherwise."""
        found = [self.lookup(p) for p in pieces]
        if all(found) and len({b.name for b in found}) == len(found):
            return [Match(p, b) for p, b in zip(pieces, found, strict=True)]
        return []

    def _both_departement(self, before: Match, part: str) -> bool:
        """A cell of two Département bodies joined by its one dash, and nothing else: a unit
        and the directorate it belongs to, in either order (« DEF – PMI », « CRIP – Direction
        de l'enfance et de la famille (DEF) », « Médecin référent protection de l'enfance –
        DEF »): one row, named whole, as the hand readings of plans 21, 22 and 24 have it. Not
        a person's title naming another body (« DEF – Directrice FDE », « DEF – Chargée de
        mission SDPPE et ODPE »: Lot-et-Garonne's reference reading gives the body named)."""
        if _PERSON_TITLE.match(part):
            return False
        after = self.lookup(part)
        if before.body is None and after is not None and after.category == "departement":
            # a unit the registry does not know, named by its noun, then its directorate
            # (« Pôle MNA – DEF », 20 l.490)
            return bool(_UNIT_NOUN.match(before.part))
        return (
            before.body is not None
            and after is not None
            and before.category == "departement"
            and after.category == "departement"
        )

    def _split_keeping_whole(self, cell: str) -> list[tuple[str, str]]:
        """:func:`split_cell_seps`, a :attr:`whole` name printed in the cell (any case)
        kept as one part: it is set aside before the cut and put back after."""
        kept: list[str] = []

        def hold(m: re.Match) -> str:
            kept.append(m.group(0))
            return f"\x00{len(kept) - 1}\x00"

        for name in self.whole:
            cell = re.sub(re.escape(name), hold, cell, flags=re.I)
        if not kept:
            return split_cell_seps(cell)
        return [(sep, re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], p)) for sep, p in split_cell_seps(cell)]

    def resolve(self, cell: str) -> list[Match]:
        """The bodies a printed cell names, in print order, one per body.

        Parts that qualify the body just named ("– Directrice", a group's further field
        "…, de Port-Salin") add no row and stay in its name; a generic body
        ("Partenaires") is kept only when the cell names no other. Two parts the
        registry reads as one body are one row when a dash or a slash joins them (a unit
        of it: "DEF – service prévention", "DTS - MDS"), two when a comma, a semicolon or a
        colon enumerates them under other names ("Commune, EPCI, CCAS", "Association Le
        Phare, Association Terre d'Accueil"), as items of a list are, and when the
        slash or dash joining them is printed twice or more in the cell, which it then
        enumerates ("MSA / UDAF / Centres sociaux de X / Communautés de communes"); a
        name printed twice is one row.
        """
        parts: list[tuple[str, str]] = []
        for sep, p in self._split_keeping_whole(str(cell)):
            parts.extend((sep if k == 0 else ",", q) for k, q in enumerate(self.parts.get(p, [p])))
        matches: list[tuple[str, Match]] = []
        # dashes are counted within each group a comma, a semicolon or a colon separates:
        # « Préfecture … – service des étrangers, Éducation nationale – centre d'information
        # et d'orientation » joins a unit to each body (69), where « DEF – MDA- DTS – MDS »
        # enumerates its dashes
        # (by the separators the cell prints: the line breaks of « DEF – MDA- DTS – MDS » /
        # « … » / « CAF – établissements … » keep one count for the whole cell)
        commas = re.search(r"[,;]", str(cell)) is not None
        groups: list[int] = []
        for sep, _ in parts:
            if not groups or (commas and sep in (",", ";", ":")):
                groups.append(0)
            if sep in _DASHES:
                groups[-1] += 1
        group_of: list[int] = []
        for sep, _ in parts:
            group_of.append(len(group_of) and group_of[-1] + (commas and sep in (",", ";", ":")))
        for k, (sep, p) in enumerate(parts):
            dashes = groups[group_of[k]] if groups else 0
            # « DEF, en lien avec la CAF »: the words introducing a body name none; nor does
            # the article of a name written in a sentence (« pilotée par la DEF, en lien avec
            # les centres sociaux »; a capital « La », « Le » may open a proper name)
            p = _WITH_LEAD.sub("", p) or p
            p = re.sub(r"^(?:la|le|les)\s+(?=\S)|^l['’]\s*(?=[A-ZÉÈÀÂÎÔa-zéèàâîô])", "", p) or p
            if k + 2 < len(parts) and parts[k + 1][0] == ":" and _LEAD_IN.match(p):
                continue  # « Membres de l'ODPE : autorité judiciaire, PJJ, … »: the list's lead-in
            # "– Directrice" qualifies the body just named (the registry's qualifiers);
            # "…, de l'insertion" is a further field of the group just named ("les
            # acteurs de la santé, de l'insertion"; a body's name was joined by split_cell).
            # "– service de protection maternelle et infantile", "– juges des enfants": a
            # part in lower case (or opening with a unit's noun, « – Service de PMI ») after
            # the cell's one dash is a unit of the body just named, whatever the registry
            # knows it as (a body's name starts with a capital
            # or an acronym); where dashes enumerate the cell ("DEF – MDA- DTS – … CAF –
            # établissements de protection de l'enfance") it is an item like the others.
            if matches and (
                re.match(r"(de|du|des|d')\b", p)
                or (sep in _DASHES and dashes == 1 and (p[:1].islower() or _UNIT_NOUN.match(p)))
                or (sep in _DASHES and dashes == 1 and len(parts) == 2 and self._both_departement(matches[-1][1], p))
                or (self.lookup(p) is None and any(q.search(fold(p)) for q in self.qualifiers))
            ):
                # the row's name goes on with it: "Centres hospitaliers de X, de Y",
                # "DEF – service prévention" name one row, printed whole
                last_sep, last = matches[-1]
                joiner = ", " if sep == "," else f" {sep} "
                # (a unit the registry does not know is counted as the body after it)
                matches[-1] = (last_sep, Match(f"{last.part}{joiner}{p}", last.body or self.lookup(p)))
                continue
            matches.extend((sep, m) for m in self._one(p))
        specific = [(sep, m) for sep, m in matches if not (m.body and m.body.generic)]
        if specific:
            matches = specific
        out: list[Match] = []
        seen: dict[str, set[str]] = {}
        # a slash or a dash printed twice or more enumerates the cell as a comma does
        # ("MSA / UDAF / Centres sociaux / Communautés de communes")
        enumerating = {",", ";", ":"} | {s for s in ("/", *_DASHES) if sum(q == s for q, _ in parts) >= 2}
        for sep, m in matches:
            names = seen.setdefault(m.canonical_name, set())
            if names and sep not in enumerating and sep in {"/", *_DASHES} and out and out[-1].body is m.body:
                # the same body again right after a dash or a slash: a unit or another name of
                # it, printed whole in its row (« Éducation nationale – DSDEN », « DTS - MDS »)
                out[-1] = Match(f"{out[-1].part} {sep} {m.part}", out[-1].body)
                names.add(fold(m.part))
                continue
            if names and (sep not in enumerating or fold(m.part) in names):
                continue
            names.add(fold(m.part))
            out.append(m)
        if not out:
            out = [Match(re.sub(r"\s+", " ", str(cell)).strip(), None)]
        return out


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and check a registry file (default: ``schemalab/data/actors.yml``).

    Raises:
        ValueError: naming the file and the body, for a category outside the closed
            vocabulary, a body without pattern, or an invalid regular expression.
    """
    if path is None:
        return _default_registry()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return _load(REGISTRY_PATH)


def _load(path: Path) -> Registry:
    import yaml

    from schemalab.schema import VOCABULARIES

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cats = dict(data.get("categories") or {})
    vocab = VOCABULARIES["actor_category"]
    if tuple(cats) != vocab:
        raise ValueError(f"{path}: categories must be exactly {vocab} (schema.py actor_category), got {tuple(cats)}")

    def rx(pattern: str, where: str) -> re.Pattern:
        try:
            return re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{path}: {where}: invalid pattern {pattern!r} ({exc})") from None

    bodies, names = [], set()
    for b in data.get("bodies") or []:
        name = b.get("name")
        if not name or name in names:
            raise ValueError(f"{path}: every body needs a unique name; {name!r}")
        names.add(name)
        if b.get("category") not in vocab:
            raise ValueError(f"{path}: body {name!r}: category {b.get('category')!r} is not one of {vocab}")
        if not b.get("patterns"):
            raise ValueError(f"{path}: body {name!r} has no pattern")
        bodies.append(
            Body(name, b["category"], tuple(rx(p, f"body {name!r}") for p in b["patterns"]), bool(b.get("generic")))
        )
    return Registry(
        categories=cats,
        bodies=bodies,
        qualifiers=tuple(rx(q, "qualifiers") for q in data.get("qualifiers") or []),
        parts={k: list(v) for k, v in (data.get("parts") or {}).items()},
        whole=tuple(str(w) for w in data.get("whole") or []),
    )


# -- `schemalab actors` ----------------------------------------------------------------


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--raw", default="data/raw", help="folder of raw plans (default: data/raw)")
    p.add_argument("--unmapped", action="store_true", help="list printed actor names the registry does not know")
    p.add_argument("--only", nargs="+", metavar="CODE", help="only these départements")


def unmapped(raw_dir: str | Path = "data/raw", only: list[str] | None = None) -> list[tuple[str, int, str, str]]:
    """(file, line, part, cell) of every printed actor name the registry does not know,
    read from the raw plans with the registered parsers."""
    from schemalab.build import parse_file
    from schemalab.manifest import load_manifest

    raw_dir = Path(raw_dir)
    manifest = load_manifest(raw_dir)
    out = []
    for path in sorted(raw_dir.glob("*.txt")):
        outcome, res = parse_file(path, manifest, only=set(only) if only else None)
        if res is None:
            continue
        for row in res.tables.get("action_actors", []):
            if row.get("category") is None:
                out.append((path.name, row["line"], row["name"], row["name_raw"]))
    return out


def main(args: argparse.Namespace) -> int:
    if not args.unmapped:
        reg = load_registry()
        print(f"{REGISTRY_PATH}: {len(reg.bodies)} bodies in {len(reg.categories)} categories")
        for b in reg.bodies:
            print(f"  {reg.categories[b.category]:<45} {b.name}")
        return 0
    rows = unmapped(args.raw, args.only)
    for source, line, part, cell in rows:
        print(f"{source}:{line}: {part!r} (printed: {cell!r})")
    print(f"{len(rows)} unmapped actor name(s); add them to {REGISTRY_PATH}")
    return 1 if rows else 0
