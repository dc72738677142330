"""The analysis behind the comparison notebooks: small, tested functions over the tables.

Notebooks stay thin (STYLE.md): each cell calls one function of this package and displays
its result, and every figure comes from :mod:`schemalab.plots`. Everything here takes
plain DataFrames (the tables of :mod:`schemalab.io`) and returns small DataFrames or
strings, so it is unit-tested on hand-made frames (tests/test_analysis.py).

Honesty rules followed throughout:

- an absence is a finding: a plan that names no money, a calendar that could not be
  recovered, an action without indicator, a previous-plan review whose statuses were lost
  are listed explicitly, never dropped from a table;
- nothing is guessed: theme, status and kind come from the tables; classifications made
  here (indicator measurability, actor names) are rule-based and documented;
- plan text is data, never markup: tables are displayed through :func:`show`, which
  HTML-escapes every cell (DESIGN.md, issue 10).

One module per stage or report, so each report's logic is found in one place:

- :mod:`.params` (parameter checks), :mod:`.loading` (where the tables are, stale ones
  refused), :mod:`.display` (escaped tables and sentences, French formats, natural order);
- :mod:`.findings` (what every report opens and closes with: « À retenir »,
  comparability warnings from ``data/caveats.yml``, « Méthode et limites », « Provenance »);
- one module per report: :mod:`.overview` (01), :mod:`.themes` (02), :mod:`.money` (03),
  :mod:`.calendars` (04), :mod:`.indicators` (05), :mod:`.actors` (06), :mod:`.review`
  (07), :mod:`.profile` (08).

Every public name is re-exported here: notebooks write ``from schemalab import analysis as A``.

Where the project root is (for notebooks opened in JupyterLab from ``notebooks/``):
:func:`project_root` uses, in order, an explicit argument, the ``SCHEMALAB_ROOT``
environment variable, the checkout the installed ``schemalab`` package lives in, then the
current folder and its parents.
"""

from __future__ import annotations

from schemalab.analysis.actors import (  # noqa: F401
    CATEGORY_FR,
    actors_by_category,
    actors_caveats,
    actors_long,
    pilot_naming_statement,
    pilot_partner_matrix,
    pilot_sheet_counts,
    pilots_summary,
    shared_actors,
)
from schemalab.analysis.calendars import (  # noqa: F401
    STATUS_FR,
    calendar_load,
    calendar_statement,
    calendar_status_summary,
    gantt_rows,
)
from schemalab.analysis.display import (  # noqa: F401
    _NATURAL_COLS,
    ANALYSIS_LABELS,
    FOLD_ROWS,
    LIST_LIMIT,
    NATIONAL,
    EscapedTable,
    Statement,
    _fmt_eur,
    _fmt_number,
    _fold,
    _with_dept,
    capped_list,
    clip,
    column_label,
    dept_labels,
    for_display,
    french_number,
    natural_key,
    natural_sort,
    say,
    show,
)
from schemalab.analysis.findings import (  # noqa: F401
    Box,
    caveats,
    check_caveats,
    key_findings,
    load_caveats,
    method,
    provenance,
)
from schemalab.analysis.indicators import (  # noqa: F401
    KIND_FR,
    MEASURE_FR,
    actions_without_indicator,
    classify_indicator,
    headings_summary,
    indicator_table,
    indicators_by_theme,
    indicators_per_action,
    kinds_summary,
    measurability_summary,
)
from schemalab.analysis.loading import (  # noqa: F401
    data_paths,
    latest_editions,
    load_tables,
    name_editions,
    plain_text_figures,
    project_root,
    select_departments,
    select_editions,
)
from schemalab.analysis.money import (  # noqa: F401
    NATURE_FR,
    PERIODICITY_FR,
    ROLE_FR,
    SCOPE_FR,
    annual_budget,
    annual_budget_series,
    budget_by,
    budget_lines_fr,
    budget_lines_qualified,
    budget_trend,
    countable,
    fmt_meur,
    money_comparison,
    money_figures,
    money_sentences,
    money_statement,
)
from schemalab.analysis.overview import (  # noqa: F401
    overview,
    plan_periods,
)
from schemalab.analysis.params import (  # noqa: F401
    _CODE_RE,
    _MODEL_NAME_RE,
    CLUSTERS_RANGE,
    EDITIONS_WORDS,
    ParameterError,
    _in_local_hub_cache,
    allowed_roots,
    validate_clusters,
    validate_count,
    validate_department,
    validate_departments,
    validate_editions,
    validate_model,
    validate_out_dir,
)
from schemalab.analysis.profile import (  # noqa: F401
    actions_table,
    axes_table,
    edition_changes,
    edition_tables,
    editions_table,
    national_note,
    national_tables,
    profile_facts,
    theme_score_note,
    youth_table,
)
from schemalab.analysis.review import (  # noqa: F401
    REVIEW_FR,
    review_rows,
    review_statement,
    review_summary,
    review_theme_mix,
    review_theme_statement,
    youth_answers,
)
from schemalab.analysis.themes import (  # noqa: F401
    RELIABILITY_COL,
    THEME_NAMES,
    clusters,
    fitted_sheets_note,
    match_meaning,
    score_meaning,
    score_reliability,
    sheet_themes,
    similar_pairs,
    similar_pairs_view,
    theme_coverage,
    theme_gaps,
    theme_label,
    theme_matrix,
    theme_quality,
    theme_reliability,
    theme_reliability_statement,
    themes_available,
)
