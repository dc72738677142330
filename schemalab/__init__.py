"""schemalab: compare the child-protection plans of French départements.

The library normalises the plans' action sheets into schema-checked Parquet tables
(:mod:`schemalab.schema`, :mod:`schemalab.io`) through one parser per département
(:mod:`schemalab.parsers`), built by :mod:`schemalab.build` and the ``schemalab`` CLI.
"""

__version__ = "0.1.0"
