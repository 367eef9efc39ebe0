"""Helm values of Zero to JupyterHub, checked against the chart's own schema.

A page about the Helm chart shows values files (`snippets/<section>/<id>/*values.yaml`).
Each one is checked against the schema of every chart release its page claims (the
entry's `z2jh:` range): every key path must exist in that release, with a value of the
type it wants, as `helm upgrade` would check before it renders anything. A values file
that shows a mistake on purpose says so on its first line, `# rejected by the chart's
schema`, and is then checked the other way: the schema must reject it.

Helm checks the chart's defaults merged with the operator's values, so does this. Both are
facts, kept in `reference/z2jh/chart-<release>.json`: the chart's
`jupyterhub/values.schema.yaml` (`schema.yaml` before 3.0.0) and `jupyterhub/values.yaml`
at that release's tag in jupyterhub/zero-to-jupyterhub-k8s, descriptions and comments
removed. Regenerate them from a clone:

    python -m troubleshoot chart-schema /path/to/zero-to-jupyterhub-k8s 2.0.0 3.0.0 ...
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from .model import did_you_mean, relative
from .vocabulary import ROOT

SCHEMAS = ROOT / "reference" / "z2jh"
CHART_REPO = "jupyterhub/zero-to-jupyterhub-k8s"
REJECTED = "# rejected by the chart's schema"
# The packages of the chart's hub image whose releases the facts keep: they read hub.config.
HUB_IMAGE_PACKAGES = ("jupyterhub", "jupyterhub-kubespawner", "oauthenticator")
# Schema keywords that only document: dropped from the facts.
DOCUMENTATION = ("description", "examples", "title")


# The chart releases the triage guides' Helm values files are for (docs/triage/kubernetes.md
# names them): a guide is no entry, with no `z2jh:` of its own.
TRIAGE_CHARTS = ">=3"


def triage_values_files(snippets: Path | None = None) -> list[Path]:
    """The Helm values files of the triage guides (snippets/triage/<guide>/)."""
    from .model import SNIPPETS

    folder = (snippets or SNIPPETS) / "triage"
    return sorted(p for p in folder.glob("*/*.yaml") if is_values_file(p))


class ValuesError(Exception):
    """A values file that cannot be checked at all (not YAML, not a mapping)."""


def chart_releases(schemas: Path = SCHEMAS) -> list[str]:
    """The chart releases whose schema the project keeps, oldest first."""
    names = [
        p.name.removeprefix("chart-").removesuffix(".json") for p in schemas.glob("chart-*.json")
    ]
    return sorted(names, key=Version)


def releases_in(spec: SpecifierSet, schemas: Path = SCHEMAS) -> list[str]:
    return [r for r in chart_releases(schemas) if spec.contains(r, prereleases=True)]


def load_chart(release: str, schemas: Path = SCHEMAS) -> dict:
    """{"schema": ..., "defaults": ...} of one chart release."""
    return json.loads((schemas / f"chart-{release}.json").read_text(encoding="utf-8"))


def merged(defaults: Any, values: Any) -> Any:
    """Helm's coalescing of a values file into the chart's defaults: mappings merge key by
    key, anything else replaces, and null removes the default."""
    if not (isinstance(defaults, dict) and isinstance(values, dict)):
        return values
    out = dict(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merged(defaults.get(key), value)
    return out


def is_values_file(path: Path) -> bool:
    return path.name.endswith("values.yaml")


def expects_rejection(path: Path) -> bool:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.strip() == REJECTED


def read_values(path: Path) -> dict:
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValuesError(f"{relative(path)}: not valid YAML: {exc}") from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ValuesError(
            f"{relative(path)}: a Helm values file is a mapping of keys (hub:, singleuser: ...), "
            f"not a {type(values).__name__}"
        )
    return values


def _dotted(parts) -> str:
    return ".".join(str(p) for p in parts) or "(top level)"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def _explain(error, release: str) -> list[str]:
    """One jsonschema error in an operator's words: the key path, what the chart wants
    (``release`` is a placeholder the caller fills with the releases that agree)."""
    where = _dotted(error.absolute_path)
    if error.validator == "additionalProperties":
        known = list((error.schema.get("properties") or {}).keys())
        extra = [k for k in error.instance if k not in known]
        prefix = f"{where}." if error.absolute_path else ""
        return [
            f"{prefix}{key}: not a key of chart {release}{did_you_mean(str(key), known)}"
            for key in extra
        ]
    if error.validator == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        got = _json_type(error.instance)
        hint = " (quote it in YAML)" if "string" in wanted and got in ("integer", "number") else ""
        return [f"{where}: chart {release} wants {wanted}, the file gives {got}{hint}"]
    if error.validator == "enum":
        choices = ", ".join(repr(c) for c in error.validator_value)
        return [f"{where}: chart {release} takes one of {choices}, not {error.instance!r}"]
    return [f"{where}: chart {release}: {error.message}"]


def schema_problems(values: dict, release: str, schemas: Path = SCHEMAS) -> list[str]:
    """What the chart release's schema says about these values (empty: accepted), each
    with "{release}" where the release goes."""
    from jsonschema import Draft7Validator

    chart = load_chart(release, schemas)
    validator = Draft7Validator(chart["schema"])
    checked = merged(chart["defaults"], values)
    problems = []
    for error in sorted(
        validator.iter_errors(checked), key=lambda e: list(map(str, e.absolute_path))
    ):
        problems += _explain(error, "{release}")
    return problems


def values_problems(path: Path, spec: SpecifierSet, schemas: Path = SCHEMAS) -> list[str]:
    """Problems of one values file for every chart release in ``spec``, each naming the
    file, the key path and what to do; a file marked REJECTED must be rejected by each."""
    releases = releases_in(spec, schemas)
    if not releases:
        known = ", ".join(chart_releases(schemas))
        return [f"{relative(path)}: z2jh {spec} names no chart release the project keeps ({known})"]
    try:
        values = read_values(path)
    except ValuesError as exc:
        return [str(exc)]
    rejected = expects_rejection(path)
    by_problem: dict[str, list[str]] = {}  # one line for the releases that agree
    accepted_by = []
    for release in releases:
        found = schema_problems(values, release, schemas)
        if not found:
            accepted_by.append(release)
        for problem in found:
            by_problem.setdefault(problem, []).append(release)
    if rejected:
        return [
            f"{relative(path)}: says it is rejected by the chart's schema, but chart "
            f"{release} accepts it (fix the mistake it shows, or the page's z2jh range)"
            for release in accepted_by
        ]
    return [
        f"{relative(path)}: " + problem.replace("{release}", ", ".join(agree))
        for problem, agree in by_problem.items()
    ]


def charts_bundling(jupyterhub: str, schemas: Path = SCHEMAS) -> list[str]:
    """The chart releases whose hub image has a JupyterHub of this one's major release:
    their hub.config is checked against the traits of that release (tests/test_versions)."""
    major = Version(jupyterhub).major
    return [
        r
        for r in chart_releases(schemas)
        if Version(load_chart(r, schemas)["hub_image"]["jupyterhub"]).major == major
    ]


def kubespawner_for(jupyterhub: str, schemas: Path = SCHEMAS) -> str:
    """The KubeSpawner of the newest chart bundling this JupyterHub's major release (the
    newest chart's when none does): what the version matrix installs beside it."""
    charts = charts_bundling(jupyterhub, schemas) or chart_releases(schemas)
    return load_chart(charts[-1], schemas)["hub_image"]["jupyterhub-kubespawner"]


def hub_config_settings(values: dict) -> list[tuple[str, str]]:
    """The (Class, trait) pairs a values file sets under hub.config: they reach
    traitlets classes of the hub's image (KubeSpawner, the authenticator, JupyterHub)."""
    config = (values.get("hub") or {}).get("config") or {}
    if not isinstance(config, dict):
        return []
    return [
        (str(cls), str(trait))
        for cls, traits in config.items()
        if isinstance(traits, dict)
        for trait in traits
    ]


# --------------------------------------------------------------------------- the facts


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in DOCUMENTATION}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _git_show(clone: Path, release: str, names: tuple[str, ...]) -> tuple[str, str]:
    for name in names:
        shown = subprocess.run(
            ["git", "-C", str(clone), "show", f"{release}:{name}"], capture_output=True, text=True
        )
        if shown.returncode == 0:
            return name, shown.stdout
    raise ValuesError(f"{clone}: tag {release} has none of {', '.join(names)}")


def write_chart(clone: Path, release: str, schemas: Path = SCHEMAS) -> Path:
    """The chart's schema and defaults at a tag of a git clone of its repository, as facts."""
    schema_name, schema = _git_show(
        clone, release, ("jupyterhub/values.schema.yaml", "jupyterhub/schema.yaml")
    )
    values_name, defaults = _git_show(clone, release, ("jupyterhub/values.yaml",))
    pins_name, requirements = _git_show(clone, release, ("images/hub/requirements.txt",))
    hub_image = {}
    for line in requirements.splitlines():
        name, _, version = line.split("#", 1)[0].strip().partition("==")
        if name.lower() in HUB_IMAGE_PACKAGES and version:
            hub_image[name.lower()] = version.split(";")[0].strip()
    facts = {
        "$comment": (
            f"{CHART_REPO}:{schema_name}, {values_name} and {pins_name} at tag {release}, "
            "descriptions removed (python -m troubleshoot chart-schema regenerates it)"
        ),
        "hub_image": hub_image,
        "schema": _strip(yaml.safe_load(schema)),
        "defaults": yaml.safe_load(defaults),
    }
    schemas.mkdir(parents=True, exist_ok=True)
    out = schemas / f"chart-{release}.json"
    out.write_text(json.dumps(facts, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out
