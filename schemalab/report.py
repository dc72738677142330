"""``schemalab report``: the whole comparison report in one unattended command.

Steps (each logged, with progress per notebook):

1. **Validate** the parameters before anything runs: ``--departments`` must be
   registered INSEE codes, ``--model`` a known model name or an existing folder,
   ``--clusters`` an integer in range (the same functions the notebooks call,
   :mod:`schemalab.analysis`). A bad value exits with code 2 and runs nothing.
2. **Tables**: rebuilt (``schemalab build``) when missing, stale (another raw file or
   schema version, :func:`schemalab.io.check_fresh`) or when a registered parser claims
   a raw file the tables do not hold yet. **Themes**: rebuilt through
   ``schemalab.themes.build_themes`` when action_themes does not match the actions or was
   built with another model (or a number of clusters is asked).
3. **Run folder** ``reports/<YYYY-MM-DD_HHMMSS>/``: a copy of the tables used
   (``tables/``), each executed notebook (``.ipynb``) and its HTML, ``run.json`` (date,
   parameters, outcome of each step), ``report.log`` and an ``index.html``.
4. **Notebooks** from ``notebooks/report.yml`` are executed in warm kernels (kernel: this
   Python, so they import this schemalab; one kernel per worker process, ``--workers``,
   see :func:`execute_jobs`; papermill's parameters cell injected as papermill does), the
   profile once per département; each is
   rendered to HTML without code, images embedded and no script or network resource
   (template ``schemalab/templates/schemalab_report``). A failing notebook is rendered
   too (its error shows), named in the log and the index, and the others still run.
5. **Index**: ``reports/index.html`` lists every run (newest first) with its date,
   parameters, reports, failures and the changes since the previous run
   (:mod:`schemalab.diff` over the runs' table copies); ``reports/latest`` points to the
   newest run (a symlink, or a copy where symlinks are not possible).

Exit code: 0 when everything rendered, 1 when a notebook, the build or the theme step
failed (the rest still rendered), 2 for invalid parameters or configuration. Nothing
prompts, so it is safe under cron or a systemd timer.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# jsonschema (imported by nbformat) imports rfc3987_syntax when it is installed, which
# compiles a grammar at import time: 1.5 to 3 s of CPU in each process of a report (this
# one and every worker) on the project's machine, for an IRI format check that no notebook
# schema uses. Within a report's processes jsonschema goes without it.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)

DEFAULT_OUT = Path("reports")
DEFAULT_DATA = Path("data/processed")
DEFAULT_RAW = Path("data/raw")
RUN_RE = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{6}(?:-\d+)?$")
KERNEL_NAME = "schemalab-report"


@dataclass
class NotebookRun:
    """Outcome of one notebook of a run."""

    name: str
    notebook: str
    parameters: dict
    status: str = "pending"  # ok / failed
    seconds: float = 0.0
    error: str = ""
    html: str | None = None
    ipynb: str | None = None


@dataclass
class RunRecord:
    """What ``run.json`` holds about one run."""

    run_id: str
    started: str
    parameters: dict
    finished: str = ""
    steps: dict = field(default_factory=dict)  # build / themes: {"status", "message"}
    notebooks: list[NotebookRun] = field(default_factory=list)
    changes: dict = field(default_factory=dict)
    previous_run: str | None = None

    @property
    def failures(self) -> list[str]:
        out = [f"{k}: {v.get('message', '')}" for k, v in self.steps.items() if v.get("status") == "failed"]
        return out + [f"{n.name}: {n.error}" for n in self.notebooks if n.status != "ok"]


class Logger:
    """Progress lines to stdout, the run's log file and reports/report.log."""

    def __init__(self, *paths: Path, quiet: bool = False):
        self.paths = list(paths)
        self.quiet = quiet

    def add(self, path: Path) -> None:
        self.paths.append(path)

    def __call__(self, msg: str) -> None:
        line = f"{datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')} {msg}"
        if not self.quiet:
            print(msg, flush=True)
        for p in self.paths:
            with open(p, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")


# Configuration ------------------------------------------------------------------------


def project_root() -> Path:
    from schemalab.analysis import project_root as root

    return root()


def load_config(path: Path, codes: list[str]) -> list[tuple[str, Path, dict]]:
    """(output name, notebook path, extra parameters) for every report of the YAML list.

    Raises:
        ValueError: unknown keys, missing notebooks, non-literal parameters.
    """
    import yaml

    cfg = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    entries = cfg.get("notebooks")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected a `notebooks:` list")
    out = []
    for e in entries:
        unknown = set(e) - {"notebook", "parameters", "per_department"}
        if unknown:
            raise ValueError(f"{path}: unknown keys {sorted(unknown)} in {e}")
        nb = Path(path).parent / e["notebook"]
        if not nb.exists() or nb.suffix != ".ipynb" or not re.match(r"^[A-Za-z0-9_\-]+$", nb.stem):
            raise ValueError(f"{path}: notebook {e['notebook']!r} not found (or not a plain .ipynb name)")
        params = e.get("parameters") or {}
        for k, v in params.items():
            if not re.match(r"^[a-z_][a-z0-9_]*$", k) or not isinstance(v, (str, int, float, bool, type(None), list)):
                raise ValueError(f"{path}: parameter {k!r} of {nb.name} must be a literal")
        if e.get("per_department"):
            out += [(f"{nb.stem}_{c}", nb, {**params, "department": c}) for c in codes]
        else:
            out.append((nb.stem, nb, params))
    return out


def validate(departments, model, clusters, registered, editions=None, plan_ids=()) -> dict:
    """The report's parameters, validated like the notebooks' (ParameterError otherwise).

    ``editions`` is checked against ``plan_ids``, the plans the manifest lists (the
    notebooks check it again against the plans built)."""
    from schemalab.analysis import validate_clusters, validate_departments, validate_editions, validate_model

    return {
        "departments": validate_departments(departments, registered),
        "model": validate_model(model),
        "n_clusters": validate_clusters(clusters),
        "editions": validate_editions(editions, plan_ids),
    }


# Tables and themes ---------------------------------------------------------------------


def stale_reason(data_dir: Path, raw_dir: Path) -> str | None:
    """Why the tables must be rebuilt, or None when they are current."""
    from schemalab.extract import decode
    from schemalab.io import StaleDataError, check_fresh, table_metadata
    from schemalab.parsers import detect
    from schemalab.schema import PARSED_TABLES

    missing = [n for n in PARSED_TABLES if not (data_dir / f"{n}.parquet").exists()]
    if missing:
        return f"missing tables: {', '.join(missing)}"
    try:
        check_fresh(data_dir, raw_dir, PARSED_TABLES)  # the theme step follows (ensure_themes)
    except StaleDataError as exc:
        return str(exc)
    built = set(table_metadata(data_dir / "plans.parquet")["sources"])
    claimed = set()
    for path in sorted(raw_dir.glob("*.txt")):
        try:
            if detect(decode(path.read_bytes(), path.name), path.name):
                claimed.add(path.name)
        except Exception:  # an unreadable file is the build's to report
            claimed.add(path.name)
    new = sorted(claimed - built)
    if new:
        return f"raw files claimed by a parser but not in the tables: {', '.join(new)}"
    return None


def ensure_tables(data_dir: Path, raw_dir: Path, rebuild: bool, log) -> dict:
    """Rebuild the tables when needed; the step's outcome for run.json."""
    from schemalab.build import build

    reason = "--rebuild asked" if rebuild else stale_reason(data_dir, raw_dir)
    if not reason:
        log("tables: current, not rebuilt")
        return {"status": "ok", "message": "current"}
    log(f"tables: rebuilding ({reason})")
    report = build(raw_dir, data_dir, log=lambda m: log(f"  {m}"))
    if report.error:  # nothing was written (a full disk...): the previous tables stand
        return {"status": "failed", "message": report.error}
    if report.failed:
        msg = "; ".join(o.message for o in report.failed)
        return {"status": "failed", "message": f"rebuilt, but {len(report.failed)} file(s) failed: {msg}"}
    return {"status": "ok", "message": f"rebuilt ({reason})"}


def ensure_themes(data_dir: Path, model, n_clusters, force: bool, log) -> dict:
    """Run the theme step when needed; the step's outcome for run.json."""
    import schemalab.themes as themes
    from schemalab.io import read_table

    actions = read_table("actions", data_dir)
    try:
        current = read_table("action_themes", data_dir)
    except Exception:
        current = None
    keys = set(zip(actions["plan_id"], actions["action_id"], strict=True))
    have = set(zip(current["plan_id"], current["action_id"], strict=True)) if current is not None else set()
    # the model column holds themes.model_key (a directory's resolved path, the default's name)
    same_model = current is None or set(current["model"]) <= {themes.model_key(model)}
    try:  # the reviewed actions, youth recommendations and steps are themed too (text_themes)
        n_other = sum(len(read_table(n, data_dir)) for n in ("previous_review", "youth_recommendations", "sub_actions"))
        other_ok = len(read_table("text_themes", data_dir)) == n_other
    except Exception:
        other_ok = False
    # the theme step's own fingerprint (texts, model, classifier's labels and code, lexicon):
    # a newer classifier (labels pulled since) makes the stored themes stale even when every
    # sheet has one (they were kept, and the reports quoted the new classifier's accuracy)
    stored = themes._fingerprint_path(data_dir)
    same_inputs = stored.exists() and stored.read_text().strip() == themes.inputs_fingerprint(data_dir, model)
    if not force and keys == have and same_model and other_ok and same_inputs and n_clusters is None:
        log("themes: current, not recomputed")
        return {"status": "ok", "message": "current"}
    why = (
        "" if force or not (keys == have and same_model and other_ok) or n_clusters is not None else " (inputs changed)"
    )
    log(f"themes: computing (schemalab.themes.build_themes){why}")
    t0 = time.perf_counter()
    try:
        themes.build_themes(data_dir=str(data_dir), model=model, n_clusters=n_clusters, progress=False)
    except Exception as exc:
        log(f"themes: FAILED ({type(exc).__name__}: {exc})")
        return {"status": "failed", "message": f"{type(exc).__name__}: {exc}"}
    log(f"themes: done ({time.perf_counter() - t0:.1f} s)")
    return {"status": "ok", "message": "recomputed"}


# Execution and rendering ---------------------------------------------------------------


def _kernel_dir() -> Path:
    """A kernelspec of this very Python, so every notebook imports this schemalab."""
    d = Path(tempfile.mkdtemp(prefix="schemalab-kernel-"))
    spec = d / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", "--IPKernelApp.log_level=ERROR"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "schemalab (report)", "language": "python"}), encoding="utf-8"
    )
    return d


@contextlib.contextmanager
def notebook_kernel(root: Path | None = None):
    """Within this block, papermill's kernel :data:`KERNEL_NAME` is this Python importing this schemalab.

    Sets (and restores) JUPYTER_PATH to a temporary kernelspec, PYTHONPATH to this
    checkout and SCHEMALAB_ROOT, which the kernels inherit. Yields the kernel name.
    """
    kernels = _kernel_dir()
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "PYTHONPATH", "SCHEMALAB_ROOT")}
    pkg_parent = str(Path(__file__).resolve().parents[1])
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(kernels), saved["JUPYTER_PATH"]]))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [pkg_parent, saved["PYTHONPATH"]]))
    os.environ["SCHEMALAB_ROOT"] = str(root or project_root())
    try:
        yield KERNEL_NAME
    finally:
        _restore_env(saved)
        shutil.rmtree(kernels, ignore_errors=True)


def _restore_env(saved: dict[str, str | None]) -> None:
    """Put environment variables back as they were (None: it was not set)."""
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@contextlib.contextmanager
def report_env(out: Path):
    """Within this block, a kernel knows which report it renders (the run folder, the report's
    name, the run id): the display layer writes long tables beside the HTML as CSV and the
    provenance names the run (:mod:`schemalab.analysis.display`, :mod:`.findings`)."""
    values = {
        "SCHEMALAB_REPORT_DIR": str(Path(out).resolve().parent),
        "SCHEMALAB_REPORT_NAME": Path(out).stem,
        "SCHEMALAB_RUN_ID": Path(out).resolve().parent.name,
    }
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        _restore_env(saved)


def execute_notebook(nb: Path, out: Path, parameters: dict, timeout: int) -> str:
    """Execute one notebook with papermill; '' on success, the error otherwise."""
    import papermill as pm

    declared = pm.inspect_notebook(str(nb))
    params = {k: v for k, v in parameters.items() if k in declared}
    try:
        with report_env(out):
            pm.execute_notebook(
                str(nb),
                str(out),
                parameters=params,
                kernel_name=KERNEL_NAME,
                cwd=str(nb.parent),
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
            )
    except pm.PapermillExecutionError as exc:
        return f"{exc.ename}: {exc.evalue}"
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return ""


_EXPORTER: list = []  # this process's HTML exporter: its Jinja templates compiled once, not per notebook

# nbconvert's HTMLExporter parses its own output with BeautifulSoup to add three attributes
# and serialises it again: half of each notebook's rendering (about 3 s of a five-plan
# report). The same attributes are added to the template's output directly: ``tabindex="0"``
# on every output and input wrapper (keyboard focus) and an alt text on any image without
# one (the report's figures have their title as alt text already).
_FOCUSABLE = re.compile(r'<div(\s[^>]*?\bclass="[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b[^"]*"[^>]*)>')
_IMG_NO_ALT = re.compile(r"<img(?![^>]*\salt=)([^>]*?)(/?)>")


def _html_attributes(body: str) -> str:
    """What nbconvert's BeautifulSoup pass adds, without the parse (see :data:`_FOCUSABLE`)."""
    body = _FOCUSABLE.sub(r'<div\1 tabindex="0">', body)
    return _IMG_NO_ALT.sub(r'<img\1 alt="No description has been provided for this image"\2>', body)


def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """HTMLExporter without its BeautifulSoup pass (the same attributes, added by a regex)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            try:
                return self._without_soup(nb, resources, **kw)
            except (AttributeError, TypeError):  # another nbconvert's internals: its own path
                return super().from_notebook_node(nb, resources, **kw)

        def _without_soup(self, nb, resources=None, **kw):
            # HTMLExporter.from_notebook_node of nbconvert 7.16-7.17, its soup pass left out
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter(
                "highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            )
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            body, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _html_attributes(body), resources

    return ReportExporter


def render_html(ipynb: Path, out: Path, title: str) -> None:
    """HTML of an executed notebook: no code, images embedded, no script or network resource."""
    import nbformat

    nb = nbformat.read(str(ipynb), as_version=4)
    nb.metadata["title"] = title
    if not _EXPORTER:  # compiling the templates took half of each notebook's rendering
        _EXPORTER.append(
            _exporter()(
                extra_template_basedirs=[str(Path(__file__).parent / "templates")],
                template_name="schemalab_report",
                exclude_input=True,
                exclude_input_prompt=True,
                exclude_output_prompt=True,
                embed_images=True,
                language_code="fr",
            )
        )
    body, _ = _EXPORTER[0].from_notebook_node(nb)
    out.write_text(body, encoding="utf-8")


def _notebook_title(nb: Path) -> str:
    import nbformat

    return str(nbformat.read(str(nb), as_version=4).metadata.get("title", nb.stem))


# Execution in warm kernels -------------------------------------------------------------
#
# Every notebook used to start its own kernel under papermill and import pandas,
# matplotlib, seaborn and schemalab again (about 3 s each, ~100 kernels for 100 profiles).
# Now a few long-lived kernels (one per worker process, ``--workers``, default: the
# machine's cores, at most 2) execute the notebooks one after the other: before each
# notebook a setup step (not kept in the notebook) clears the kernel's namespace
# (``%reset -f``), closes figures, moves to the notebook's folder and sets the run's
# environment, so each notebook starts from its own parameters cell as under papermill,
# with its imports warm. The executed .ipynb keeps papermill's injected-parameters cell
# and metadata: a researcher reruns it with papermill or opens it in Jupyter.

#: Times a notebook is tried when its kernel fails to start (no cell ran).
KERNEL_START_ATTEMPTS = 3
_KERNEL: dict = {}  # this process's warm kernel: {"km": AsyncKernelManager, "used": notebooks executed}
#: A warm kernel is replaced by a fresh one when, after a notebook, it holds more than this
#: much memory (resident set, MB), or after :data:`RECYCLE_AFTER` notebooks whatever its
#: size. A kernel keeps some memory after ``%reset`` (matplotlib, pandas, the tables it
#: read): at 100 profiles two kernels that never restarted took the report's processes past
#: 2 GB. Replacing one costs a start and its imports (10 to 17 s on a loaded 2-core machine),
#: so it is replaced when it has grown, not every few notebooks: a kernel running profiles
#: stays near 400 MB at 100 plans.
RECYCLE_RSS_MB = 600
RECYCLE_AFTER = 60


def _shutdown_kernel() -> None:
    _KERNEL.pop("used", None)
    km = _KERNEL.pop("km", None)
    if km is not None:
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):
            run_sync(km.shutdown_kernel)(now=True)


def _kernel_rss_mb() -> float | None:
    """Resident memory of this process's warm kernel in MB (None: no kernel, or not Linux)."""
    km = _KERNEL.get("km")
    pid = getattr(getattr(km, "provisioner", None), "pid", None)
    if not pid:
        return None
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _setup_source(cwd: Path, env: dict) -> str:
    return (
        "%reset -f\n"
        "import os as _os\n"
        f"_os.chdir({str(cwd)!r})\n"
        f"_os.environ.update({env!r})\n"
        "import matplotlib.pyplot as _plt\n"
        "_plt.close('all')\n"
        "del _os, _plt\n"
    )


def _failure_banner(error: str):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(
        "<span style='color:#b00020;font-weight:bold'>ÉCHEC : ce carnet s'est arrêté sur une erreur "
        f"({html.escape(error)}). Ce qui suit montre ce qui a été calculé jusque-là.</span>"
    )
    cell.metadata["tags"] = ["papermill-error-cell-tag"]
    return cell


def execute_in_warm_kernel(nb_path: Path, out: Path, parameters: dict, timeout: int) -> str:
    """Execute one notebook in this process's warm kernel (started on first use); write the
    executed notebook to ``out``; '' on success, the error otherwise (the notebook is
    written too, up to the failing cell, with a banner naming the error)."""
    import nbformat
    import papermill as pm
    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from papermill.parameterize import parameterize_notebook

    declared = pm.inspect_notebook(str(nb_path))
    params = {k: v for k, v in parameters.items() if k in declared}
    nb = nbformat.read(str(nb_path), as_version=4)
    for c in nb.cells:  # as papermill's loader does
        c.metadata.setdefault("tags", [])
    nb.metadata["papermill"] = nbformat.from_dict({"input_path": str(nb_path), "output_path": str(out)})
    nb = parameterize_notebook(nb, params, kernel_name=KERNEL_NAME)
    env = {
        "SCHEMALAB_REPORT_DIR": str(Path(out).resolve().parent),
        "SCHEMALAB_REPORT_NAME": Path(out).stem,
        "SCHEMALAB_RUN_ID": Path(out).resolve().parent.name,
    }
    setup = nbformat.v4.new_code_cell(_setup_source(nb_path.parent, env))
    nb.cells.insert(0, setup)
    rss = _kernel_rss_mb()
    if _KERNEL.get("used", 0) >= RECYCLE_AFTER or (rss or 0) > RECYCLE_RSS_MB:  # bound a kernel's memory
        _shutdown_kernel()
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        if "km" not in _KERNEL:
            _KERNEL["km"] = AsyncKernelManager(kernel_name=KERNEL_NAME)
            _KERNEL["used"] = 0
        _KERNEL["used"] += 1
        client = NotebookClient(
            nb,
            km=_KERNEL["km"],
            timeout=timeout,
            kernel_name=KERNEL_NAME,
            resources={"metadata": {"path": str(nb_path.parent)}},
        )
        error = ""
        try:
            client.execute(cwd=str(nb_path.parent))
        except CellExecutionError as exc:
            error = f"{exc.ename}: {exc.evalue}"
        except Exception as exc:  # a dead or stuck kernel: the next notebook gets a fresh one
            error = f"{type(exc).__name__}: {exc}"
            _shutdown_kernel()
        finally:
            if client.kc is not None:
                with contextlib.suppress(Exception):
                    client.kc.stop_channels()
        # A kernel that never ran a cell (not even the setup) failed to start: two kernels
        # started at once can pick the same free port ("ZMQError: Address already in use", then
        # "Kernel didn't respond"). Nothing of the notebook ran, so it is run again in a new kernel.
        if not error or setup.get("execution_count") is not None or attempt == KERNEL_START_ATTEMPTS:
            break
    nb.cells = [c for c in nb.cells if c is not setup]
    n = 0
    for c in nb.cells:  # execution counts of this notebook alone (the setup step is not one)
        if c.cell_type == "code" and c.get("execution_count") is not None:
            n += 1
            c.execution_count = n
    if error:
        nb.cells.insert(0, _failure_banner(error))
        nb.metadata.papermill["exception"] = True
    nbformat.write(nb, str(out))
    return error


def _job(job: dict) -> dict:
    """One notebook of a run, in a worker: execute in the warm kernel, then render HTML."""
    t0 = time.perf_counter()
    out_nb = Path(job["out_nb"])
    res = {"name": job["name"], "ipynb": None, "html": None}
    try:
        res["error"] = execute_in_warm_kernel(Path(job["nb"]), out_nb, job["parameters"], job["timeout"])
    except Exception as exc:  # the notebook could not even be prepared
        res["error"] = f"{type(exc).__name__}: {exc}"
    if out_nb.exists():
        res["ipynb"] = out_nb.name
        try:
            render_html(out_nb, Path(job["out_html"]), job["title"])
            res["html"] = Path(job["out_html"]).name
        except Exception as exc:
            res["error"] = res["error"] or f"HTML rendering failed: {type(exc).__name__}: {exc}"
    res["seconds"] = round(time.perf_counter() - t0, 1)
    return res


def _worker_init() -> None:
    import atexit

    atexit.register(_shutdown_kernel)


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def execute_jobs(jobs: list[dict], workers: int):
    """Yield (index, result) of every job as it completes: in this process with one worker,
    else in ``workers`` spawned processes, each with its own warm kernel."""
    if workers <= 1 or len(jobs) <= 1:
        try:
            for i, job in enumerate(jobs):
                yield i, _job(job)
        finally:
            _shutdown_kernel()
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = mp.get_context("spawn")  # the parent may hold torch's threads: no fork
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx, initializer=_worker_init) as pool:
        futures = {pool.submit(_job, job): i for i, job in enumerate(jobs)}
        for f in as_completed(futures):
            i = futures[f]
            try:
                yield i, f.result()
            except Exception as exc:  # a worker died: its notebook is failed, the others go on
                yield (
                    i,
                    {
                        "name": jobs[i]["name"],
                        "error": f"{type(exc).__name__}: {exc}",
                        "ipynb": None,
                        "html": None,
                        "seconds": 0.0,
                    },
                )


# Runs, diff and index -------------------------------------------------------------------


def new_run_dir(out_dir: Path, now: datetime) -> Path:
    base = now.strftime("%Y-%m-%d_%H%M%S")
    run, i = out_dir / base, 1
    while run.exists():
        i += 1
        run = out_dir / f"{base}-{i}"
    run.mkdir(parents=True)
    return run


def past_runs(out_dir: Path) -> list[Path]:
    """Run folders of ``out_dir`` holding a run.json, oldest first."""
    if not out_dir.is_dir():
        return []
    return sorted(
        p
        for p in out_dir.iterdir()
        if p.is_dir() and not p.is_symlink() and RUN_RE.match(p.name) and (p / "run.json").exists()
    )


def past_records(out_dir: Path, log=print) -> tuple[list[dict], list[str]]:
    """The readable run.json records of ``out_dir``, newest first, with their prefixes.

    A damaged earlier run.json (truncated, not an object, fields missing or of another
    type) is left out of the index with a log line; it never blocks today's report."""
    records, prefixes = [], []
    for p in reversed(past_runs(out_dir)):
        try:
            past = json.loads((p / "run.json").read_text(encoding="utf-8"))
            _run_section(past, f"{p.name}/")
        except Exception as exc:
            log(f"index: {p.name}/run.json left out (damaged: {type(exc).__name__})")
            continue
        records.append(past)
        prefixes.append(f"{p.name}/")
    return records, prefixes


def changes_since(prev: Path | None, run: Path) -> dict:
    """Table-by-table changes between the previous run's tables and this run's."""
    from schemalab.diff import diff_builds

    if prev is None or not (prev / "tables").is_dir():
        return {}
    out = {}
    for name, d in diff_builds(prev / "tables", run / "tables").items():
        if d.empty:
            continue
        details = [f"+ {r}" for r in d.added[:20]] + [f"- {r}" for r in d.removed[:20]]
        for m in d.modified[:20]:
            fields = ", ".join(f"{c}: {o!r} → {n!r}" for c, (o, n) in m["changes"].items())
            details.append(f"~ {m['key']}: {fields}")
        out[name] = {"added": len(d.added), "removed": len(d.removed), "modified": len(d.modified), "details": details}
    return out


def _record_json(rec: RunRecord) -> dict:
    d = asdict(rec)
    d["failures"] = rec.failures
    return d


#: Each report's French title and the question it answers (the index is a reader's table of contents).
REPORTS: dict[str, tuple[str, str]] = {
    "01_overview": (
        "Vue d'ensemble des schémas",
        "Quelles périodes couvrent les schémas, et combien d'axes, de fiches, d'indicateurs, d'acteurs et de montants chacun compte-t-il\u202f?",
    ),
    "02_themes": (
        "Thèmes des actions",
        "Sur quels thèmes chaque schéma porte-t-il ses fiches, et quels thèmes un schéma traite-t-il sans qu'un autre y consacre une fiche\u202f?",
    ),
    "03_budgets": (
        "Budgets et montants nommés",
        "Quels montants les schémas nomment-ils, pour quoi, et où ne nomment-ils rien\u202f?",
    ),
    "04_calendars": (
        "Calendriers des actions",
        "Quand les actions sont-elles programmées, et quels calendriers sont illisibles ou absents\u202f?",
    ),
    "05_indicators": (
        "Indicateurs",
        "Comment les schémas prévoient-ils de suivre leurs actions : combien d'indicateurs, de quel type, mesurables ou non\u202f?",
    ),
    "06_actors": (
        "Acteurs : pilotes et partenaires",
        "Qui pilote les actions, avec quels partenaires, et quels acteurs reviennent partout\u202f?",
    ),
    "07_previous_plans": (
        "Bilan des schémas précédents",
        "Que disent les schémas de la mise en œuvre de leur schéma précédent\u202f?",
    ),
    "08_profile": ("Profil d'un département", "Le schéma d'un département en une page."),
}


def _paris(stamp: str) -> str:
    """'2026-12-02 02:20:00 UTC' → '2 décembre 2026 à 03:20 (heure de Paris)'."""
    from zoneinfo import ZoneInfo

    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
    try:
        t = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris"))
    except (TypeError, ValueError):
        return str(stamp)
    return f"{t.day} {months[t.month - 1]} {t.year} à {t:%H:%M} (heure de Paris)"


def _dept_names(run_dir: Path | None) -> dict[str, str]:
    """INSEE code → 'Landes (40)', from the run's copy of the plans table (else the parser registry)."""
    names: dict[str, str] = {}
    try:
        from schemalab.io import read_table

        plans = read_table("plans", run_dir / "tables")
        names = {str(r.department_code): f"{r.department_name} ({r.department_code})" for r in plans.itertuples()}
    except Exception:  # an old or partial run: fall back on the registry
        try:
            from schemalab.parsers import by_code, codes

            names = {c: f"{getattr(by_code(c), 'name', c)} ({c})" for c in codes()}
        except Exception:
            names = {}
    return names


def _editions_words(editions) -> str:
    """The ``editions`` parameter in French (older run records have none: the latest)."""
    if editions in (None, "", "latest"):
        return "la dernière de chaque département"
    if editions == "all":
        return "toutes"
    return ", ".join(str(e) for e in editions)


#: The run's steps and notebook parameters in French, for the index (run.json keeps the keys).
_STEP_FR = {"build": "construction des tables", "themes": "thèmes"}
_PARAM_FR = {"k_pairs": "paires d'actions les plus proches montrées", "edition": "édition"}
_REASON_FR = (
    (re.compile(r"^--rebuild asked$"), "demandée (--rebuild)"),
    (re.compile(r"^missing tables: (.*)$"), r"tables manquantes : \1"),
    (re.compile(r"^raw files claimed by a parser but not in the tables: (.*)$"), r"textes pas encore lus : \1"),
    (re.compile(r"^stale tables, rebuild with `schemalab build`: (.*)$"), r"tables périmées : \1"),
)


def _step_words(name: str, step: dict) -> str:
    """A step of run.json in French: « construction des tables : à jour », « thèmes :
    recalculés », « construction des tables : refaite (tables manquantes : …) »; the
    technical detail (file and table names) is kept as written."""
    label = _STEP_FR.get(name, name)
    msg = str(step.get("message") or "")
    if msg == "current":
        words = "à jour"
    elif msg == "recomputed":
        words = "recalculés"
    elif m := re.fullmatch(r"rebuilt \((.*)\)", msg, re.S):
        reason = m.group(1)
        for pattern, fr in _REASON_FR:
            reason = pattern.sub(fr, reason)
        words = f"refaite ({reason})"
    elif m := re.fullmatch(r"rebuilt, but (\d+) file\(s\) failed: (.*)", msg, re.S):
        words = f"refaite, mais {m.group(1)} texte(s) en échec : {m.group(2)}"
    else:
        words = msg
    if step.get("status") == "failed":
        return f"{label} : ÉCHEC — {words}"
    return f"{label} : {words}"


def _notebook_words(n: dict, names: dict[str, str]) -> str:
    """A notebook of the run by its report's French title (« Indicateurs », « Profil : Landes
    (40) »); a notebook the report does not know by its name."""
    code = str(n["parameters"].get("department") or "")
    if code:
        return f"Profil : {names.get(code, code)}"
    return REPORTS.get(n["name"], (n["name"], ""))[0]


def _param_words(key: str, value) -> str:
    """A notebook parameter with a French label: « paires d'actions les plus proches montrées : 15 »."""
    return f"{_PARAM_FR.get(key, key)} : {value}"


def _technical(rec: dict, prefix: str, names: dict[str, str] | None = None) -> str:
    """The run's log for the curious: parameters, steps, durations, changes in the tables (folded)."""
    e = html.escape
    names = names or {}
    params = rec["parameters"]
    clusters = params.get("n_clusters")
    p = (
        f"<p>Exécution <a href='{e(prefix)}index.html'>{e(rec['run_id'])}</a> ; départements comparés : "
        + e(", ".join(params.get("departments") or []))
        + f" ; modèle des thèmes : {e(str(params.get('model') or 'celui par défaut'))}"
        + f" ; groupes de fiches : {e(str(clusters) if clusters else 'nombre choisi automatiquement')}"
        + f" ; éditions : {e(_editions_words(params.get('editions')))}.</p>"
    )
    steps = "".join(
        f"<li class='{'fail' if st.get('status') == 'failed' else ''}'>{e(_step_words(k, st))}</li>"
        for k, st in rec.get("steps", {}).items()
    )
    rows = []
    for n in rec["notebooks"]:
        cls = "ok" if n["status"] == "ok" else "fail"
        status = "réussi" if n["status"] == "ok" else "ÉCHEC : " + n.get("error", "")
        # in the run's header, or the row's name (a profile's département)
        shown = ("data_dir", "raw_dir", "departments", "model", "n_clusters", "editions", "department")
        params_txt = " ; ".join(_param_words(k, v) for k, v in n["parameters"].items() if k not in shown)
        seconds = f"{n['seconds']:.1f}".replace(".", ",")
        rows.append(
            f"<tr class='{cls}'><td>{e(_notebook_words(n, names))}</td><td>{e(params_txt)}</td><td>{e(status)}</td>"
            f"<td>{seconds} s</td></tr>"
        )
    table = "<table><tr><th>rapport</th><th>réglages</th><th>état</th><th>durée</th></tr>" + "".join(rows) + "</table>"
    ch = rec.get("changes") or {}
    if rec.get("previous_run") is None:
        changes = "<p>Première exécution : pas de comparaison possible.</p>"
    elif not ch:
        changes = f"<p>Aucun changement dans les tables depuis l'exécution {e(rec['previous_run'])}.</p>"
    else:
        items = []
        for t, c in ch.items():
            det = "".join(f"<li><code>{e(x)}</code></li>" for x in c["details"])
            items.append(
                f"<li>table <b>{e(t)}</b> : {c['added']} ajout(s), {c['removed']} suppression(s), {c['modified']} modification(s)<ul>{det}</ul></li>"
            )
        changes = f"<p>Changements depuis l'exécution {e(rec['previous_run'])} :</p><ul>{''.join(items)}</ul>"
    return (
        "<details><summary>Détails techniques (construction des tables, thèmes, durées, réglages, changements)</summary>"
        f"{p}<ul>{steps}</ul>{table}<h4>Ce qui a changé dans les tables</h4>{changes}</details>"
    )


def _run_section(rec: dict, prefix: str, names: dict[str, str] | None = None, newest: bool = True) -> str:
    """One run as a table of contents: each report by its French title and question, profiles by département."""
    e = html.escape
    names = names or {}
    failed = rec.get("failures") or []
    head = f"<h2 id='{e(rec['run_id'])}'>Rapports du {e(_paris(rec['started']))}</h2>"
    from schemalab.analysis.display import capped_list

    codes = [str(c) for c in (rec["parameters"].get("departments") or [])]
    who = f"<p>Départements comparés ({len(codes)}) : " + e(capped_list([names.get(c, c) for c in codes])) + ".</p>"
    warn = ""
    if failed:
        warn = (
            "<p class='fail'>ÉCHEC : certains rapports n'ont pas pu être produits entièrement ("
            + e("; ".join(f.split(":")[0] for f in failed))
            + "). Les détails techniques ci-dessous disent pourquoi.</p>"
        )
    rows, profiles = [], []
    for n in rec["notebooks"]:
        base = re.sub(r"_\d[0-9AB]?$", "", n["name"]) if n["name"].startswith("08_") else n["name"]
        title, question = REPORTS.get(base, (n["name"], ""))
        link = f"<a href='{e(prefix + n['html'])}'>{{}}</a>" if n.get("html") else "{}"
        bad = "" if n["status"] == "ok" else " <span class='fail'>(ÉCHEC)</span>"
        code = str(n["parameters"].get("department") or "")
        if code:
            profiles.append(f"<li>{link.format(e(names.get(code, code)))}{bad}</li>")
        else:
            rows.append(f"<tr><td>{link.format(e(title))}{bad}</td><td>{e(question)}</td></tr>")
    toc = ""
    if rows:
        toc += "<h3>Rapports de comparaison</h3><table class='toc'><tr><th>Rapport</th><th>La question à laquelle il répond</th></tr>"
        toc += "".join(rows) + "</table>"
    if profiles:
        toc += f"<h3>Profils par département</h3><p>{e(REPORTS['08_profile'][1])}</p><ul class='profiles'>{''.join(profiles)}</ul>"
    body = f"{head}{who}{warn}{toc}{_technical(rec, prefix, names)}"
    if newest:
        return f"<section class='newest'>{body}</section>"
    return f"<section><details><summary>{head.replace('<h2', '<span').replace('</h2>', '</span>')}</summary>{who}{warn}{toc}{_technical(rec, prefix, names)}</details></section>"


_CSS = """body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
table.toc td:first-child{white-space:nowrap;font-weight:bold}
.fail{color:#b00020;font-weight:bold}.ok{color:#1b5e20}section{border-top:2px solid #ddd;margin-top:1.5em}
details{margin:.6em 0}summary{cursor:pointer;color:#1a4f8b}section>details>summary{font-size:1.1em}
ul.profiles{columns:2}code{font-size:85%;white-space:pre-wrap}"""


def write_index(path: Path, records: list[dict], prefixes: list[str], title: str) -> None:
    """An index page (no script, no external resource): a reader's table of contents, newest run first.

    The newest run is shown open (each report by its French title and the question it
    answers, profiles by département name); older runs and every technical detail (build,
    themes, durations, parameters, changes in the tables) are folded.
    """
    sections = "".join(
        _run_section(r, p, _dept_names(path.parent / p if p else path.parent), newest=(i == 0))
        for i, (r, p) in enumerate(zip(records, prefixes, strict=True))
    )
    older = "<h2>Exécutions précédentes</h2>" if len(records) > 1 else ""
    first, _, rest = sections.partition("</section>")
    path.write_text(
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>Comparaison des schémas départementaux de protection de l'enfance : "
        "chaque rapport répond à une question et s'ouvre sur ce qu'il faut en retenir ; chaque profil présente le schéma "
        "d'un département. Les rapports s'ouvrent dans un navigateur, sans connexion.</p>"
        f"{first}</section>{older}{rest}</body></html>",
        encoding="utf-8",
    )


def update_latest(out_dir: Path, run: Path) -> str:
    """Point reports/latest to ``run``: a relative symlink, or a copy where links fail."""
    latest = out_dir / "latest"
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    elif latest.is_dir():
        shutil.rmtree(latest)
    try:
        latest.symlink_to(run.name, target_is_directory=True)
        return "symlink"
    except OSError:
        shutil.copytree(run, latest)
        return "copy"


# The command -----------------------------------------------------------------------------


def run_report(
    departments=None,
    model=None,
    n_clusters=None,
    editions=None,
    out_dir: Path = DEFAULT_OUT,
    data_dir: Path = DEFAULT_DATA,
    raw_dir: Path = DEFAULT_RAW,
    config: Path | None = None,
    rebuild: bool = False,
    timeout: int = 600,
    quiet: bool = False,
    workers: int | None = None,
) -> tuple[int, Path]:
    """Run the whole report; returns (exit code, run folder). See the module docstring."""
    from schemalab.analysis import validate_out_dir
    from schemalab.parsers import codes as registered

    root = project_root()
    out_dir = validate_out_dir(out_dir, "--out")  # raises ParameterError (never `/`)
    out_dir, data_dir, raw_dir = (Path(p).resolve() for p in (out_dir, data_dir, raw_dir))
    config = Path(config).resolve() if config else root / "notebooks" / "report.yml"
    valid = set(registered())  # the parsers' départements, and those the manifest names (a national corpus)
    plan_ids: set[str] = set()
    listed: set[str] = set()
    with contextlib.suppress(Exception):  # a bad manifest is the build's to report
        from schemalab.manifest import load_manifest

        entries = load_manifest(raw_dir).values()
        listed = {str(e.department_code) for e in entries}
        plan_ids = {e.plan_id for e in entries}
    valid |= listed
    # By default the report compares the départements of the corpus it is given (--raw):
    # those its manifest lists, not every registered parser (a corpus without Orne has no Orne).
    if not departments and listed:
        departments = sorted(listed)
    params = validate(departments, model, n_clusters, valid, editions, plan_ids)  # raises ParameterError
    reports = load_config(config, params["departments"])
    out_dir.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    run = new_run_dir(out_dir, now)
    log = Logger(out_dir / "report.log", run / "report.log", quiet=quiet)
    rec = RunRecord(run.name, now.strftime("%Y-%m-%d %H:%M:%S UTC"), params)
    log(f"schemalab report: run {run.name}; départements {', '.join(params['departments'])}")

    rec.steps["build"] = ensure_tables(data_dir, raw_dir, rebuild, log)
    rec.steps["themes"] = ensure_themes(data_dir, params["model"], params["n_clusters"], rebuild, log)
    shutil.copytree(data_dir, run / "tables", ignore=shutil.ignore_patterns(".*"))

    common = {"data_dir": str(data_dir), "raw_dir": str(raw_dir), "departments": params["departments"]}
    common |= {"model": params["model"], "n_clusters": params["n_clusters"], "editions": params["editions"]}
    jobs = []
    for name, nb, extra in reports:
        nr = NotebookRun(name, nb.name, {**common, **extra})
        rec.notebooks.append(nr)
        title = _notebook_title(nb) + (f" — {extra['department']}" if "department" in extra else "")
        jobs.append(
            {
                "name": name,
                "nb": str(nb),
                "out_nb": str(run / f"{name}.ipynb"),
                "out_html": str(run / f"{name}.html"),
                "parameters": nr.parameters,
                "timeout": timeout,
                "title": title,
            }
        )
    workers = default_workers() if workers is None else max(1, int(workers))
    log(f"notebooks: {len(jobs)} to execute, {min(workers, len(jobs))} warm kernel(s)")
    with notebook_kernel(root):
        for i, job in enumerate(jobs, start=1):
            log(f"[{i}/{len(jobs)}] {job['name']} …")
        done = 0
        for i, res in execute_jobs(jobs, workers):
            nr = rec.notebooks[i]
            nr.error, nr.ipynb, nr.html, nr.seconds = res["error"], res["ipynb"], res["html"], res["seconds"]
            nr.status = "failed" if nr.error else "ok"
            done += 1
            log(
                f"[{i + 1}/{len(jobs)}] {nr.name}: "
                + ("ok" if nr.status == "ok" else f"FAILED: {nr.error}")
                + f" ({nr.seconds} s; {done}/{len(jobs)} done)"
            )

    previous = [p for p in past_runs(out_dir) if p != run]
    prev = previous[-1] if previous else None
    rec.previous_run = prev.name if prev else None
    try:
        rec.changes = changes_since(prev, run)
    except Exception as exc:  # an unreadable old run must not fail today's report
        log(f"changes since {prev.name if prev else '-'}: not computed ({exc})")
    rec.finished = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    (run / "run.json").write_text(json.dumps(_record_json(rec), ensure_ascii=False, indent=1), encoding="utf-8")
    write_index(run / "index.html", [_record_json(rec)], [""], f"Rapports de comparaison — exécution {run.name}")
    records, prefixes = past_records(out_dir, log)
    write_index(
        out_dir / "index.html", records, prefixes, "Schémas de protection de l'enfance — rapports de comparaison"
    )
    how = update_latest(out_dir, run)
    code = 1 if rec.failures else 0
    for f in rec.failures:
        log(f"FAILED {f}")
    log(
        f"done: {sum(n.status == 'ok' for n in rec.notebooks)}/{len(rec.notebooks)} reports in {run} (latest: {how}); exit {code}"
    )
    return code, run


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--departments",
        nargs="+",
        metavar="CODE",
        help="INSEE codes to compare (default: every département the manifest of --raw lists)",
    )
    p.add_argument("--model", help="embedding model: a known name or a local sentence-transformers folder")
    p.add_argument("--clusters", type=int, metavar="N", help="number of theme clusters (default: automatic)")
    p.add_argument(
        "--editions",
        nargs="+",
        metavar="EDITION",
        help='editions the comparisons use: "latest" (default: each département\'s latest plan), "all", '
        "or plan ids (61-2017-2021 61-2022-2026)",
    )
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="reports folder (default reports)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, help="tables folder (default data/processed)")
    p.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="raw plans folder (default data/raw)")
    p.add_argument("--config", type=Path, help="YAML list of (notebook, parameters) (default notebooks/report.yml)")
    p.add_argument("--rebuild", action="store_true", help="rebuild tables and themes even if current")
    p.add_argument("--timeout", type=int, default=600, help="seconds allowed per notebook cell (default 600)")
    p.add_argument("--quiet", action="store_true", help="log to the files only")
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="notebooks executed in parallel, each worker with one warm kernel (default: cores, at most 2)",
    )


def _editions_arg(values: list[str] | None):
    """``--editions latest`` / ``--editions all`` are words; anything else is a list of plan ids."""
    if values and len(values) == 1 and values[0].strip().lower() in ("latest", "all"):
        return values[0]
    return values


def main(args: argparse.Namespace) -> int:
    from schemalab.analysis import ParameterError

    try:
        code, _ = run_report(
            departments=args.departments,
            model=args.model,
            n_clusters=args.clusters,
            editions=_editions_arg(getattr(args, "editions", None)),
            out_dir=args.out,
            data_dir=args.data,
            raw_dir=args.raw,
            config=args.config,
            rebuild=args.rebuild,
            timeout=args.timeout,
            quiet=args.quiet,
            workers=getattr(args, "workers", None),
        )
    except (ParameterError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return code
