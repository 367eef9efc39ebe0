"""Stand-in that makes ``import rfc3987_syntax`` fail, as if the optional package were absent.

jsonschema imports it inside ``suppress(ImportError)`` for its optional "iri" format
checker; the real package compiles Lark grammars at import time, about 1 s of every hub
and single-user server start on 2 cores. The harness puts this directory on PYTHONPATH
(``Hub(fast_imports=True)``, the default); ``fast_imports=False`` turns it off.
"""

raise ImportError("rfc3987_syntax is disabled by the hub harness (PYTHONPATH=/opt/fastpath)")
