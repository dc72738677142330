"""Parameter checks shared by the notebooks and the report (papermill only receives validated values)."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


class ParameterError(ValueError):
    """A notebook or report parameter is not acceptable (message says what is)."""


#: INSEE département codes: 01-95 (2A/2B for Corsica), 971-976 overseas.
_CODE_RE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$")
#: A model *name* (not a path): letters, digits, ``-_.`` and one optional ``owner/``.
_MODEL_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*(?:/[A-Za-z0-9][A-Za-z0-9_.\-]*)?$")
CLUSTERS_RANGE = (2, 40)


def validate_department(code, valid_codes) -> str:
    """Check one INSEE code against the départements available.

    Args:
        code: the parameter (e.g. ``"40"``; an int 40 is accepted and turned into "40").
        valid_codes: codes that have a plan (registry or plans table).

    Returns:
        The code as a string.

    Raises:
        ParameterError: naming the bad value and listing the valid codes.
    """
    valid = sorted({str(c) for c in valid_codes})
    text = str(code).strip().upper() if code is not None else ""
    if isinstance(code, int) and not isinstance(code, bool) and 0 < code < 10:
        text = f"0{code}"
    if not _CODE_RE.match(text) or text not in valid:
        raise ParameterError(
            f"département inconnu : {code!r}. Codes valides : {', '.join(valid) or '(aucun schéma construit)'}"
        )
    return text


def validate_departments(codes, valid_codes) -> list[str]:
    """Check a list of INSEE codes; empty or None means every valid code (sorted)."""
    valid = sorted({str(c) for c in valid_codes})
    if codes is None or (isinstance(codes, (list, tuple)) and not codes):
        return valid
    if isinstance(codes, (str, int)):
        codes = [codes]
    out = []
    for c in codes:
        v = validate_department(c, valid)
        if v not in out:
            out.append(v)
    return out


def validate_model(model) -> str | None:
    """A known model name, a model already in the local Hugging Face cache, an existing local
    folder, or None (the theme layer's default).

    Raises:
        ParameterError: for anything else (unknown names are refused, not downloaded).
    """
    if model is None or model == "":
        # The environment is a parameter source like any other: SCHEMALAB_MODEL goes through
        # the same check (a junk value once sent a hundred requests to a model hub).
        env = os.environ.get("SCHEMALAB_MODEL", "").strip()
        if not env:
            return None
        try:
            return validate_model(env)
        except ParameterError as exc:
            raise ParameterError(f"variable d'environnement SCHEMALAB_MODEL : {exc}") from None
    if not isinstance(model, str):
        raise ParameterError(f"modèle invalide : {model!r} (un nom de modèle ou un chemin de dossier)")
    if len(model) > 300 or any(ord(c) < 32 for c in model):
        raise ParameterError(f"modèle invalide : {model[:80]!r} (un nom de modèle ou un chemin de dossier)")
    if Path(model).expanduser().is_dir():
        return str(Path(model).expanduser().resolve())
    from schemalab.themes import KNOWN_MODELS

    known = set(KNOWN_MODELS)
    if _MODEL_NAME_RE.match(model) and (model in known or _in_local_hub_cache(model)):
        return model
    raise ParameterError(
        f"modèle inconnu : {model!r}. Modèles connus : {', '.join(sorted(k for k in known if k))}, "
        "un modèle déjà présent dans le cache Hugging Face local, "
        "ou le chemin d'un dossier de modèle sentence-transformers existant"
    )


def _in_local_hub_cache(name: str) -> bool:
    """A sentence-transformers model name already downloaded on this machine (no network)."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False
    for repo in (name, f"sentence-transformers/{name}") if "/" not in name else (name,):
        try:
            if isinstance(try_to_load_from_cache(repo, "modules.json"), str):
                return True
        except Exception:  # an invalid repo id: not in the cache
            continue
    return False


def validate_clusters(n) -> int | None:
    """None (automatic) or an integer number of clusters within :data:`CLUSTERS_RANGE`."""
    if n is None:
        return None
    lo, hi = CLUSTERS_RANGE
    if isinstance(n, bool) or not isinstance(n, int) or not lo <= n <= hi:
        raise ParameterError(f"nombre de groupes invalide : {n!r} (un entier de {lo} à {hi}, ou None)")
    return n


def validate_count(n, name: str, lo: int, hi: int) -> int:
    """An integer parameter ``name`` within [lo, hi] (ParameterError otherwise)."""
    if isinstance(n, bool) or not isinstance(n, int) or not lo <= n <= hi:
        raise ParameterError(f"paramètre {name} invalide : {n!r} (un entier de {lo} à {hi})")
    return n


def allowed_roots() -> list[Path]:
    """Folders output may go under: the project checkout, the current folder, the user's
    home and the temporary folder (never ``/``, ``/etc``, ``/usr``...)."""
    roots = [Path.cwd(), Path.home(), Path(tempfile.gettempdir())]
    if os.environ.get("SCHEMALAB_ROOT"):
        roots.append(Path(os.environ["SCHEMALAB_ROOT"]))
    roots.append(Path(__file__).resolve().parents[2])
    out = []
    for r in roots:
        try:
            r = r.resolve()
        except OSError:
            continue
        if r != Path(r.anchor) and r not in out:
            out.append(r)
    return out


def validate_out_dir(path, what: str = "--out") -> Path:
    """An output folder inside the project, the current folder, the user's home or the
    temporary folder; ``/``, system folders and the home folder itself are refused.

    Raises:
        ParameterError: naming the parameter and the folders allowed.
    """
    if path is None or str(path).strip() == "" or any(ord(c) < 32 for c in str(path)):
        raise ParameterError(f"dossier de sortie invalide ({what}) : {path!r}")
    p = Path(path).expanduser()
    try:
        p = p.resolve()
    except OSError as exc:
        raise ParameterError(f"dossier de sortie invalide ({what}) : {path!r} ({exc})") from None
    roots = allowed_roots()
    if p == Path(p.anchor) or p == Path.home().resolve() or not any(p == r or r in p.parents for r in roots):
        raise ParameterError(
            f"dossier de sortie refusé ({what}) : {p} ; choisissez un dossier dans le projet, le dossier "
            f"courant, le dossier personnel ou le dossier temporaire ({', '.join(str(r) for r in roots)})"
        )
    return p


#: The ``editions`` parameter's words: each département's latest edition, or every edition.
EDITIONS_WORDS = ("latest", "all")


def validate_editions(editions, plan_ids) -> str | list[str]:
    """Which editions a report compares: ``"latest"`` (each département's latest plan, the
    default; None or "" mean it too), ``"all"``, or an explicit list of plan ids
    (``["61-2017-2021", "61-2022-2026"]``; one id alone may be given as a string).

    Args:
        editions: the parameter.
        plan_ids: the plan ids built (the plans table's ``plan_id``).

    Raises:
        ParameterError: naming the bad value and listing the valid choices.
    """
    valid = sorted({str(p) for p in plan_ids})
    if editions is None or (isinstance(editions, str) and not editions.strip()):
        return "latest"
    if isinstance(editions, str):
        word = editions.strip().lower()
        if word in EDITIONS_WORDS:
            return word
        editions = [editions]
    if not isinstance(editions, (list, tuple)) or not editions:
        raise ParameterError(
            f'éditions invalides : {editions!r} ("latest", "all" ou une liste d\'identifiants de schéma)'
        )
    out = []
    for e in editions:
        text = str(e).strip() if isinstance(e, str) else None
        if text not in valid:
            raise ParameterError(
                f'édition inconnue : {e!r}. Choix valides : "latest" (dernière édition de chaque département), '
                f'"all", ou des identifiants de schéma parmi {", ".join(valid) or "(aucun schéma construit)"}'
            )
        if text not in out:
            out.append(text)
    return out
