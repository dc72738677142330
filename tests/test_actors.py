"""The actor registry (schemalab/data/actors.yml) on the cells the plans print.

Every printed cell below is copied from a plan (file and line in the test id or the
comment); what is asserted is what a reader of that line sees: which bodies it names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RAW

from schemalab.actors import fold, load_registry, split_at_et, split_cell, unmapped
from schemalab.extract import ParseError
from schemalab.parsers import by_code
from schemalab.schema import VOCABULARIES

REG = load_registry()
WHOLE = "Département (sans service précisé)"
AIDE_SOCIALE = "Aide sociale à l'enfance (service ASE, prévention et protection de l'enfance)"


def bodies(cell: str) -> list[tuple[str, str | None]]:
    return [(m.canonical_name, m.category) for m in REG.resolve(cell)]


def names(cell: str) -> list[str]:
    return [m.canonical_name for m in REG.resolve(cell)]


def test_registry_categories_are_the_closed_vocabulary():
    assert tuple(REG.categories) == VOCABULARIES["actor_category"]
    assert {b.category for b in REG.bodies} <= set(VOCABULARIES["actor_category"])


def test_a_cell_naming_three_bodies_gives_three():
    # 31 sheet 4.5, l.1478
    assert bodies("Éducation nationale - Services hospitaliers - CAF") == [
        ("Éducation nationale", "education"),
        ("Hôpitaux, pédopsychiatrie", "sante"),
        ("CAF", "securite_sociale"),
    ]
    # 31 l.1444: "Prévention spécialisée CAF" is two bodies fused by the conversion
    assert names("CCAS – ARS - Prévention spécialisée CAF – établissements de protection de l'enfance") == [
        "Communes, CCAS, intercommunalités",
        "ARS",
        "Prévention spécialisée",
        "CAF",
        "Établissements et services de protection de l'enfance (ESSMS)",
    ]
    assert names("PMI /CAF/CPAM/ARS/MDPH") == ["PMI", "CAF", "CPAM", "ARS", "MDPH"]  # 31 l.1356
    assert names("ADMR, UDAF") == ["Aide à domicile (ADMR, SAAD)", "UDAF, associations familiales"]  # 40
    assert [c for _, c in bodies("ESSMS, LVA, familles d'accueil")] == ["associations"] * 3  # 47


def test_justice_cell_keeps_every_body():
    got = names(
        "Conseil de l'Ordre des médecins, Protection Judiciaire de la Jeunesse - Juges des enfants - "
        "Parquet Acteurs et structures de prévention CRA, Centres de référence des troubles du langage"
    )
    assert got[:4] == [
        "Professionnels de santé libéraux (CPTS, URPS, médecins)",
        "Protection judiciaire de la jeunesse (PJJ)",
        "Juges des enfants",
        "Parquet",
    ]


@pytest.mark.parametrize(
    "printed, canonical, category",
    [
        ("CJPE", "Conseil des jeunes de la protection de l'enfance (CJPE)", "jeunes_familles"),  # 47: a youth council
        ("Membres du COFIL du CJPE", "Conseil des jeunes de la protection de l'enfance (CJPE)", "jeunes_familles"),
        ("Jeunes de l'ASE volontaires", "Enfants et jeunes accompagnés (ASE)", "jeunes_familles"),
        ("Jeunes de l'aide sociale à l'enfance volontaires", "Enfants et jeunes accompagnés (ASE)", "jeunes_familles"),
        ("anciens de l'ASE", "Enfants et jeunes accompagnés (ASE)", "jeunes_familles"),
        ("FDE", "Foyer départemental de l'enfance (FDE, CDEF)", "departement"),
        ("Foyer Départemental de l'Enfance", "Foyer départemental de l'enfance (FDE, CDEF)", "departement"),
        ("RPNA", "Périnatalité (RPNA, EAPP, Handipérinat)", "sante"),
        ("Réseau périnatale Nouvelle Aquitaine", "Périnatalité (RPNA, EAPP, Handipérinat)", "sante"),
        ("Réseau Périnat Nouvelle Aquitaine", "Périnatalité (RPNA, EAPP, Handipérinat)", "sante"),
        ("ADEPAPE 47", "ADEPAPE", "associations"),
        ("L'ADEPAPE", "ADEPAPE", "associations"),
        ("DDCS", "État (préfecture, DDETS)", "etat"),
        ("DDCSPP", "État (préfecture, DDETS)", "etat"),
        ("DDETSPP – Chargée de mission protection de l'enfance", "État (préfecture, DDETS)", "etat"),
        ("Préfecture", "État (préfecture, DDETS)", "etat"),
        ("MDA", "Maisons des adolescents (MDA)", "sante"),
        ("Maisons des adolescents", "Maisons des adolescents (MDA)", "sante"),
        ("SDPMI", "PMI", "departement"),
        ("Service Départemental de la PMI", "PMI", "departement"),
        ("familles d'accueil", "Assistants familiaux (familles d'accueil)", "associations"),
        ("Assistants familiaux", "Assistants familiaux (familles d'accueil)", "associations"),
        ("SDESMS", "Contrôle des établissements et services (SDESMS)", "departement"),
        ("Chefs d'établissements scolaires", "Éducation nationale", "education"),
        ("GCSMS MOYENNE GARONNE – Chargée de mission", "GCSMS Moyenne Garonne", "associations"),
        ("Service Interministériel des Archives de France", "Archives de France", "etat"),
        (
            "CHD « La Candélie » – Praticien chef de pôle infanto-juvénile et adolescent",
            "Hôpitaux, pédopsychiatrie",
            "sante",
        ),
        ("EN", "Éducation nationale", "education"),  # Orne's abbreviation, printed alone
        ("DEF – Chef de service PPE", "Direction enfance et famille (DEF, DEFI)", "departement"),  # a person in the DEF
        (
            "Direction de I'Enfance et de la Famille",
            "Direction enfance et famille (DEF, DEFI)",
            "departement",
        ),  # 62 OCR
    ],
)
def test_registry_cases(printed, canonical, category):
    (m,) = REG.resolve(printed)
    assert (m.canonical_name, m.category) == (canonical, category)


def test_generic_partners_only_when_nothing_else_is_named():
    assert names("Partenaires institutionnels : ARS, PJJ") == ["ARS", "Protection judiciaire de la jeunesse (PJJ)"]
    assert names("Partenaires") == ["Partenaires (sans précision)"]
    # 47: the parentheses list the bodies behind a generic word
    assert names("Lieux d'accueil (assistants familiaux, MECS, lieux de vie et d'accueil)") == [
        "Assistants familiaux (familles d'accueil)",
        "MECS",
        "Lieux de vie et d'accueil (LVA)",
    ]


def test_a_name_with_its_acronym_in_brackets_keeps_the_name_printed():
    """88: the registry knows `CNFPT` alone, not the spelled-out name; the body is found by
    its acronym and the name stays as printed (not cut down to the acronym)."""
    (m,) = REG.resolve("Centre national de la fonction publique territoriale (CNFPT)")
    assert m.part == "Centre national de la fonction publique territoriale (CNFPT)"
    assert m.canonical_name == "Organismes de formation (CNFPT, ADES)"
    (m,) = REG.resolve("Maisons d'enfants à caractère social (MECS)")
    assert (m.part, m.canonical_name) == ("Maisons d'enfants à caractère social (MECS)", "MECS")


@pytest.mark.parametrize(
    "printed, pieces",
    [
        ("PJJ et SPIP", ["PJJ", "SPIP"]),
        ("Gendarmerie et Police nationale", ["Gendarmerie", "Police nationale"]),
        # 94 (1.2, 2.1, 2.3, 3.3): " et des" continues the directorate's name
        ("Direction de l'enfance et des familles", ["Direction de l'enfance et des familles"]),
        ("Maisons des jeunes et de la culture", ["Maisons des jeunes et de la culture"]),
        ("Chambre de métiers et de l'artisanat", ["Chambre de métiers et de l'artisanat"]),
        ("Direction de la jeunesse et du sport", ["Direction de la jeunesse et du sport"]),
        ("Centre d'information et d'orientation", ["Centre d'information et d'orientation"]),
        ("Écoles et aux collèges", ["Écoles et aux collèges"]),
    ],
)
def test_et_separates_two_bodies_never_a_name_it_continues(printed, pieces):
    assert split_at_et(printed) == pieces


def test_a_name_joined_by_et_des_is_one_body_or_one_unknown():
    # 94: before the rule, "des familles" became a second, false body (Parents, familles)
    assert bodies("Direction de l'enfance et des familles") == [
        ("Direction enfance et famille (DEF, DEFI)", "departement")
    ]
    # a name the registry does not know stays whole and unknown (a warning), never cut
    assert bodies("Office de la randonnée et des familles") == [("Office de la randonnée et des familles", None)]
    assert bodies("Direction des ressources humaines") == [
        ("Ressources humaines et formation du Département", "departement")
    ]


def test_split_keeps_words_joined_by_a_hyphen():
    assert split_cell("DGA-RE – Direction des RH et du dialogue social – Directrice") == [
        "DGA-RE",
        "Direction des RH et du dialogue social",
        "Directrice",
    ]
    assert split_cell("DEF – MDA- DTS – MDS") == ["DEF", "MDA", "DTS", "MDS"]
    assert fold("Service Départemental de Prévention et de Protection de I\"'Enfance").endswith("de l'enfance")


def test_every_actor_of_the_five_plans_is_in_the_registry():
    assert unmapped(RAW) == []


def test_build_rows_one_per_body_with_shared_cell_and_line():
    from conftest import parse_raw

    res = parse_raw("31")
    rows = [
        r for r in res.tables["action_actors"] if r["name_raw"] == "Éducation nationale - Services hospitaliers - CAF"
    ]
    assert [r["canonical_name"] for r in rows] == ["Éducation nationale", "Hôpitaux, pédopsychiatrie", "CAF"]
    assert {r["line"] for r in rows} == {1478}
    keys = [(r["action_id"], r["role"], r["position"]) for r in res.tables["action_actors"]]
    assert len(keys) == len(set(keys))


def test_unknown_actor_strict_error_names_the_line(tmp_path: Path):
    text = (RAW / "40_landes_2024-2028.txt").read_text(encoding="utf-8")
    changed = text.replace("- ASAEL\n", "- Le Grand Conseil Imaginaire\n", 1)
    assert changed != text
    line = changed[: changed.index("Le Grand Conseil Imaginaire")].count("\n") + 1
    from schemalab.manifest import load_manifest

    entry = load_manifest(RAW)["40_landes_2024-2028.txt"]
    res = by_code("40")().parse(changed, entry.source_file, entry)
    assert any(f":{line}:" in w and "Le Grand Conseil Imaginaire" in w for w in res.warnings)
    with pytest.raises(ParseError, match="Le Grand Conseil Imaginaire") as exc:
        by_code("40")().parse(changed, entry.source_file, entry, strict=True)
    assert str(line) in str(exc.value)


def test_actors_command_lists_nothing_unmapped(capsys):
    from schemalab.cli import main

    assert main(["actors", "--unmapped", "--raw", str(RAW)]) == 0
    assert "0 unmapped actor name(s)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "printed, canonical, category",
    [
        # generic French bodies a plan names in full (plan 93's blind trial found them missing)
        ("Cellule départementale de recueil des informations préoccupantes", "CRIP", "departement"),
        ("Union départementale des associations familiales", "UDAF, associations familiales", "associations"),
        ("Communes volontaires", "Communes, CCAS, intercommunalités", "communes"),
        ("Conseil régional", "Région", "autre"),
        ("Bailleurs sociaux du département", "Bailleurs sociaux, logement", "associations"),
        ("Action Logement", "Action Logement", "associations"),
        ("Défenseur des droits", "Défenseur des droits", "etat"),
        ("Défenseure des enfants", "Défenseur des droits", "etat"),
        ("Réseau périnatal des Sources", "Périnatalité (RPNA, EAPP, Handipérinat)", "sante"),
        (
            "Direction de l'habitat et du logement",
            "Direction de l'habitat et du logement (Département)",
            "departement",
        ),
        # plan 91's blind trial: missing, or caught by a pattern listed before theirs
        ("Ordre des médecins", "Professionnels de santé libéraux (CPTS, URPS, médecins)", "sante"),
        ("Services intégrés d'accueil et d'orientation", "SIAO, 115", "etat"),
        ("Mission des droits de l'enfant", "Département (sans service précisé)", "departement"),
        (
            "Conseil départemental des jeunes",
            "Conseils de jeunes (conseil départemental des jeunes)",
            "jeunes_familles",
        ),
        ("Conseil départemental", "Département (sans service précisé)", "departement"),
        ("Association des anciens de l'aide sociale à l'enfance", "ADEPAPE", "associations"),
        ("Service de l'aide sociale à l'enfance", AIDE_SOCIALE, "departement"),
        ("Entreprises du club « Un jeune, un parrain »", "Entreprises, employeurs", "autre"),
    ],
)
def test_registry_knows_the_generic_bodies_of_a_sixth_plan(printed, canonical, category):
    (m,) = REG.resolve(printed)
    assert (m.canonical_name, m.category) == (canonical, category)


@pytest.mark.parametrize(
    "printed, parts",
    [
        # 92 (3, 5, 7, 9): the comma enumerates complements of one directorate's name
        (
            "Direction de l'enfance, de la jeunesse et des familles",
            ["Direction de l'enfance, de la jeunesse et des familles"],
        ),
        (
            "Service de la prévention, de la protection, et de l'accueil ; CAF",
            ["Service de la prévention, de la protection, et de l'accueil", "CAF"],
        ),
        # no complement before the comma: two parts
        ("ARS, des associations", ["ARS", "des associations"]),
        # a plural noun and its fields: a group, kept apart (47: name_raw keeps the cell)
        ("Partenaires de la formation, de l'insertion", ["Partenaires de la formation", "de l'insertion"]),
        # a comma inside quotes is the quoted name's (91), as inside parentheses
        ("Entreprises du club « Un jeune, un parrain », CAF", ["Entreprises du club « Un jeune, un parrain »", "CAF"]),
        ('Réseau "Grandir, ensemble" ; ARS', ['Réseau "Grandir, ensemble"', "ARS"]),
        ("Entreprises (club, réseau), CAF", ["Entreprises (club, réseau)", "CAF"]),
    ],
)
def test_a_comma_inside_a_body_name_does_not_cut_it(printed, parts):
    assert split_cell(printed) == parts


def test_a_name_with_enumerated_complements_is_the_body_its_head_names():
    # 92: before the rule, the row was named "Direction de l'enfance" and the rest dropped
    assert names("Direction de l'enfance, de la jeunesse et des familles") == [
        "Direction enfance et famille (DEF, DEFI)"
    ]
    assert bodies("Office de la randonnée, de la chasse et de la pêche") == [
        ("Office de la randonnée, de la chasse et de la pêche", None)
    ]


@pytest.mark.parametrize(
    "printed, body",
    [
        # 92's log: real French bodies the registry did not know
        ("Maisons France services", "France services (maisons France services)"),
        ("Ordre des chirurgiens-dentistes", "Professionnels de santé libéraux (CPTS, URPS, médecins)"),
        ("centres sociaux ruraux", "Communes, CCAS, intercommunalités"),
        (
            "Service d'accompagnement à la parentalité des personnes handicapées",
            "Établissements médico-sociaux du handicap",
        ),
    ],
)
def test_generic_french_bodies_met_in_plan_92_are_known(printed, body):
    assert names(printed) == [body]


# Report 06: pilots counted by sheet, and how finely each plan names them --------------------


def _long():
    import pandas as pd

    from schemalab.analysis.actors import WHOLE_DEPARTEMENT, actors_long

    plans = pd.DataFrame(
        {"plan_id": ["61-x", "47-x"], "department_code": ["61", "47"], "department_name": ["Orne", "Lot-et-Garonne"]}
    )
    rows = [  # (plan, sheet, role, canonical name, category, printed)
        ("61-x", "1", "pilot", WHOLE_DEPARTEMENT, "departement", "Conseil départemental"),
        ("61-x", "2", "pilot", WHOLE_DEPARTEMENT, "departement", "Conseil départemental"),
        ("61-x", "2", "pilot", "ARS", "sante", "ARS"),
        ("47-x", "1", "pilot", "DEF", "departement", "DEF"),
        ("47-x", "1", "pilot", "DEF", "departement", "DEF – chef de service"),  # a second mention
        ("47-x", "1", "pilot", "PMI", "departement", "PMI"),
        ("47-x", "2", "pilot", "DEF", "departement", "DEF"),
        ("47-x", "3", "pilot", WHOLE_DEPARTEMENT, "departement", "Services du Département"),
        ("47-x", "3", "pilot", "DEF", "departement", "DEF"),
        ("47-x", "3", "partner", "CAF", "securite_sociale", "CAF"),
    ]
    aa = pd.DataFrame(rows, columns=["plan_id", "action_id", "role", "canonical_name", "category", "name_raw"])
    aa["name"] = aa["name_raw"]
    return actors_long(aa, plans)


def test_the_whole_departement_is_a_body_of_the_registry():
    from schemalab.analysis.actors import WHOLE_DEPARTEMENT

    (body,) = [b for b in REG.bodies if b.name == WHOLE_DEPARTEMENT]
    assert body.category == "departement"
    assert names("Conseil départemental") == [WHOLE_DEPARTEMENT]  # Orne's pilot cell, raw 61:178


def test_a_pilot_counts_sheets_not_mentions():
    from schemalab.analysis.actors import pilot_sheet_counts, pilots_summary

    long = _long()
    n = pilot_sheet_counts(long[long["plan_id"] == "47-x"])
    assert n.to_dict() == {"DEF": 3, WHOLE: 1, "PMI": 1} and list(n.index)[0] == "DEF"
    s = pilots_summary(long).set_index("département")
    assert s.loc["Lot-et-Garonne (47)", "pilote le plus fréquent"] == "DEF (3 fiches)"


def test_pilot_naming_says_how_finely_each_plan_names_its_pilots():
    from schemalab.analysis.actors import PER_SHEET_COL, WHOLE_COL, pilot_naming_statement, pilots_summary

    long = _long()
    s = pilots_summary(long).set_index("département")
    assert s.loc["Orne (61)", WHOLE_COL] == 2  # sheet 2: the Département and the ARS, no service
    assert s.loc["Lot-et-Garonne (47)", WHOLE_COL] == 0  # sheet 3 names DEF beside the Département
    assert s.loc["Orne (61)", PER_SHEET_COL] == 1.5 and s.loc["Lot-et-Garonne (47)", PER_SHEET_COL] == 1.7
    (line,) = pilot_naming_statement(long)
    assert (
        "Orne nomme comme pilote de chaque fiche le Département dans son ensemble (« Conseil départemental »)" in line
    )
    assert "Lot-et-Garonne 3 et 1,7 ; Orne 2 et 1,5" in line and "pas l'organisation" in line
    assert pilot_naming_statement(long[long["plan_id"] == "61-x"]) == []  # one plan: nothing to compare


def test_a_name_listed_whole_is_never_cut_at_its_comma(tmp_path: Path):
    reg = load_registry()
    # "Pôle solidarités, enfance et famille" (plan 90): the piece after the comma starts
    # with no word that continues a name, so only the registry's `whole` list keeps it
    assert split_cell("Pôle solidarités, enfance et famille") == ["Pôle solidarités", "enfance et famille"]
    (m,) = reg.resolve("Pôle solidarités, enfance et famille")
    assert m.part == "Pôle solidarités, enfance et famille" and m.category == "departement"
    # inside a longer cell, any case; the other separators still cut
    parts = [m.part for m in reg.resolve("PÔLE SOLIDARITÉS, ENFANCE ET FAMILLE ; CAF, communes")]
    assert parts == ["PÔLE SOLIDARITÉS, ENFANCE ET FAMILLE", "CAF", "communes"]
    # a registry without the entry cuts it, as the splitter alone does
    text = (Path(__file__).parents[1] / "schemalab" / "data" / "actors.yml").read_text(encoding="utf-8")
    bare = tmp_path / "actors.yml"
    bare.write_text(text.replace('  - "Pôle solidarités, enfance et famille"', ""), encoding="utf-8")
    assert [m.part for m in load_registry(bare).resolve("Pôle solidarités, enfance et famille")][
        0
    ] == "Pôle solidarités"


@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        # 61 sheet 11: four bodies enumerated, one registry body: four rows, as a list's items
        ("Commune, EPCI, CCAS, CIAS", ["Commune", "EPCI", "CCAS", "CIAS"]),
        # 85 sheet 4 (and 84 1.1): two named associations the registry reads as one class
        (
            "Association Le Phare ; Association des Amis du Bocage",
            ["Association Le Phare", "Association des Amis du Bocage"],
        ),
        # a unit inside the body joined by a dash is no second row (31 l.1464, "DTS - MDS"):
        # its row's name holds it as printed, as « DEF – service prévention » does
        ("DEF – DTS - MDS", ["DEF", "DTS - MDS"]),
        # 74 sheet 2.1 (l.323-324): the Éducation nationale and its DSDEN, one row
        (
            "Éducation nationale – DSDEN, Groupement de gendarmerie",
            ["Éducation nationale – DSDEN", "Groupement de gendarmerie"],
        ),
        # one name printed twice is one row
        ("CAF, CAF", ["CAF"]),
        # 79 1.2 (l.176-178): slashes printed three times enumerate the cell; the last two
        # names are one registry body (communes, CCAS, intercommunalités), two rows
        (
            "MSA / UDAF / Centres sociaux du Pays-d'Aurance / Communautés de communes",
            ["MSA", "UDAF", "Centres sociaux du Pays-d'Aurance", "Communautés de communes"],
        ),
        # 62 sheet 14 (l.3044-3053): the DEF and four of its services, each after a slash
        (
            "Direction de l'Enfance et de la Famille/Service départemental de la coordination des "
            "politiques enfance et famille/ Service départemental de l'accueil familial",
            [
                "Direction de l'Enfance et de la Famille",
                "Service départemental de la coordination des politiques enfance et famille",
                "Service départemental de l'accueil familial",
            ],
        ),
    ],
)
def test_bodies_enumerated_in_one_cell_are_rows_as_items_of_a_list_are(printed, parts):
    """A comma or semicolon list of names the registry reads as one body gives a row per
    name, as the same names printed as bullets do, and so does a list whose slash or dash
    is printed twice or more; a dash or slash printed once joins a unit of the body just
    named, one row."""
    assert [m.part for m in REG.resolve(printed)] == parts


@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        # 47 sheet 10: a person in the body just named, one row named whole
        ("DEF – Directrice", ["DEF – Directrice"]),
        # 83 sheet 1.3: a group's further fields stay in its name
        (
            "Centres hospitaliers de Castelvieil, de Port-Salin et de Brignoles-les-Pins",
            ["Centres hospitaliers de Castelvieil, de Port-Salin et de Brignoles-les-Pins"],
        ),
    ],
)
def test_a_qualifier_or_a_groups_fields_stay_in_the_rows_name(printed, parts):
    """The hand readings of plans 83 and 84 name a pilot with its unit and a group with its
    fields, as printed; the row is still one, counted as the body its head names."""
    assert [m.part for m in REG.resolve(printed)] == parts


@pytest.mark.parametrize(
    ("printed", "parts"),
    [
        # 80 (l.99, l.273, l.377): units the registry also knows as bodies (PMI, the
        # children's judges, a referent doctor), printed in lower case after the one dash
        (
            "Direction de la santé publique – service de protection maternelle et infantile",
            ["Direction de la santé publique – service de protection maternelle et infantile"],
        ),
        ("Tribunal judiciaire d’Arpajon – juges des enfants", ["Tribunal judiciaire d’Arpajon – juges des enfants"]),
        # 31 sheet 5.4 (l.1118 area): « Hôpital Marchant - pédopsychiatrie »
        ("Hôpital Marchant - pédopsychiatrie", ["Hôpital Marchant - pédopsychiatrie"]),
        # 31 l.1444: dashes enumerate the cell; an item in lower case is an item like the others
        (
            "DEF – MDA- DTS – MDS CCAS – ARS - Prévention spécialisée CAF – établissements de protection de l'enfance",
            None,
        ),
        # a capital after the dash names another body
        ("Éducation nationale - Services hospitaliers", ["Éducation nationale", "Services hospitaliers"]),
    ],
)
def test_a_unit_in_lower_case_after_the_cells_one_dash_is_part_of_its_row(printed, parts):
    """The hand readings of plans 80, 81 and 84 write « Body – unit » as one row, named
    whole, whether or not the registry knows the unit as a body of its own."""
    got = [m.part for m in REG.resolve(printed)]
    if parts is None:
        assert "établissements de protection de l'enfance" in got and "DEF" in got
    else:
        assert got == parts


@pytest.mark.parametrize(
    ("printed", "bodies_named"),
    [
        # 80 sheet 1.3 (l.164): the DEF was lost, the whole cell read as the CAF
        (
            "Direction de l’enfance et de la famille et Caisse d’allocations familiales",
            ["Direction enfance et famille (DEF, DEFI)", "CAF"],
        ),
        # 47 sheet 17: « PJJ et SPIP » was one row (the PJJ's)
        ("PJJ et SPIP", ["Protection judiciaire de la jeunesse (PJJ)", "SPIP"]),
        # 28 sheets 1.3 and 3.2 (l.134, l.254): the acronym in brackets names the last body
        # only, the cell was one row (the PMI's, the DEF's)
        ("Service de PMI et Mutualité sociale agricole (MSA)", ["PMI", "MSA"]),
        (
            "Direction de l'enfance et de la famille et Agence régionale de santé (ARS)",
            ["Direction enfance et famille (DEF, DEFI)", "ARS"],
        ),
    ],
)
def test_two_known_bodies_joined_by_et_are_two_rows(printed, bodies_named):
    assert [m.canonical_name for m in REG.resolve(printed)] == bodies_named


def test_a_town_is_a_commune():
    assert bodies("Ville de Dourdan") == [("Communes, CCAS, intercommunalités", "communes")]


def test_an_acronym_naming_the_whole_printed_name_keeps_it_one_body():
    """« Enfance et familles d'adoption (EFA) »: the brackets name the whole, so its « et »
    cuts nothing (where « … et Mutualité sociale agricole (MSA) » names two bodies)."""
    from schemalab.actors import acronym_names

    assert acronym_names("Enfance et familles d'adoption (EFA)")
    assert acronym_names("Institut médico-éducatif (IME)")
    assert not acronym_names("Service de PMI et Mutualité sociale agricole (MSA)")
    assert [m.part for m in REG.resolve("Enfance et familles d'adoption (EFA)")] == [
        "Enfance et familles d'adoption (EFA)"
    ]


def test_a_lists_lead_in_before_a_colon_is_no_body():
    """33 sheet 2.3 (l.158): « Membres de l'ODPE : autorité judiciaire, PJJ, … » named the
    ODPE a partner of the sheet it pilots; the lead-in names the group the list gives."""
    got = [m.part for m in REG.resolve("Membres de l'ODPE : autorité judiciaire, PJJ, Éducation nationale, ARS, CAF")]
    assert got == ["autorité judiciaire", "PJJ", "Éducation nationale", "ARS", "CAF"]
