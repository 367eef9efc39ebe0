"""`python -m troubleshoot redact`: an excerpt of a JupyterHub log to paste into a help request.

The excerpt holds the lines the diagnoser matched (with context), every warning, error and
critical record (with its indented continuation) and every Python traceback, in log order;
omitted stretches become one `[... N lines left out ...]` line. Above it, the versions the
log shows. Secrets are replaced with `[redacted]`, keeping the key so the reader still sees
what was there; with --names, user names and IP addresses become user1, 10.0.0.1, ...

Only the forms listed in the docstrings below are recognised: the summary on stderr asks
the reader to look the excerpt over before posting it.
"""

from __future__ import annotations

import ipaddress
import re
import sys
from dataclasses import dataclass
from urllib.parse import unquote

from . import logfile, matcher

REDACTED = "[redacted]"
TAIL = 50  # lines shown when nothing matched and nothing warned
STDIN_HINT = "docker logs jupyterhub 2>&1 | python -m troubleshoot redact"
CONTINUATION_CAP = 400  # a record's indented continuation (tracebacks, header dumps)
TRACEBACK_CAP = 1000


# ---------------------------------------------------------------------------------- secrets

# Values that already hide the secret, or name where it comes from: kept, they are diagnostic.
_KEEP_VALUE = re.compile(
    r"""(?x)
    \[(?:secret|redacted)\]? | REDACTED | \*+ | <[^<>]*> | x{3,} | \.\.\.
    | None | null | nil | undefined | true | false | True | False
    | \$\{[^}]*\}\S* | \$\(.* | \$[A-Z_][A-Z0-9_]* | %\(?\w*\)?[sdr] | \{\{.*\}\} | \{\}
    | (?:self|cls|os|sys|request|handler|app|c|config)\.[\w.]+   # code, not a literal
    """
)
# Function calls and subscripts: `os.environ["X"]`, `bytes.fromhex('...')`, `open(path)`.
_EXPRESSION = re.compile(
    r"(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*[(\[]|(?:open|bytes|bytearray|str|Path|getenv)\("
)
# Those that wrap the secret itself: their quoted arguments are redacted.
_WRAPS_LITERAL = re.compile(r"(?:fromhex|b64decode|unhexlify|bytes|encode)\($")
_PATH = re.compile(r"(?:~|\.{1,2})?/\S*|[A-Za-z]:\\\S*")
_QUOTED = re.compile(r"""[bBrRuU]{0,2}(['"])((?:\\.|(?!\1).)*)\1""")

# `scheme://user:PASSWORD@host`: the last @ before the path ends the password.
_URL_PASSWORD = re.compile(r"""\b[A-Za-z][\w+.\-]*://[^\s:/@'"<>]*:([^\s'"<>/]*)@""")
# Authorization headers in any case, as headers, JSON or Python reprs; the scheme is kept.
_AUTHORIZATION = re.compile(
    r"""(?i)(?<![\w-])(?:proxy-)?authorization['"]?\s*[:=]\s*['"]?\s*"""
    r"""(?:(?:token|bearer|basic)\s+)?+([^\s'",;]+)"""
)
_AUTH_SCHEMES = {"token", "bearer", "basic"}
# Cookie and Set-Cookie headers: every value in them (cookie names are not secret).
_COOKIE_HEADER = re.compile(r"""(?i)(?<![\w-])(set-)?cookie(['"]?)\s*:\s*(['"]?)""")
_COOKIE_ATTRIBUTES = {"path", "domain", "expires", "max-age", "secure", "httponly", "samesite"}
# Kubernetes env lists in pod specs: {'name': 'JUPYTERHUB_API_TOKEN', 'value': '...'}.
_ENV_ENTRY = re.compile(
    r"""['"]?name['"]?\s*:\s*['"]([A-Za-z_]\w*)['"]\s*,\s*['"]?value['"]?\s*:\s*"""
    r"""(['"])((?:\\.|(?!\2).)*)\2"""
)
# JupyterHub's "oauth state argument %r != cookie %s=%r" (the cookie is a key=value).
_STATE_ARGUMENT = re.compile(r"""(?i)\bstate argument\s+(['"])((?:\\.|(?!\1).)*)\1""")
# A key followed by a separator: KEY=value, KEY: value, 'KEY': 'value', --flag value,
# ['--flag', 'value'], and in URLs ?key=value, &key=value, %3Fkey%3Dvalue (in next=).
_KEY = re.compile(
    r"""(?P<lead>%(?:25)*(?:3F|26)|(?<![\w.\-%/]))"""
    r"""(?P<q>['"]?)(?P<key>-{0,2}[A-Za-z_][\w.\-]*)(?P=q)"""
    r"""(?P<sep>\s*=(?!=)\s*|%(?:25)*3D|\s*:(?!//)\s*|\s*,\s*(?=['"])|\s+(?=\S))"""
)
_SECRET_SUFFIX = re.compile(r"(?:token|secret|xsrf|apikey|session[_-]?id|sessionid)s?$")
_KEY_SUFFIX = re.compile(r"(?:^|[_\-.])(?:key|KEY|Key)s?$|[a-z0-9]Keys?$")
# Query parameters JupyterHub itself scrubs (log.py SCRUB_PARAM_KEYS), and a few more.
_QUERY_SECRET = re.compile(r"token|secret|auth|key|code|state|xsrf|passw|session", re.I)
# 32+ hex digits, or 32+ base64 characters of mixed case with a digit, after a secret word.
_SECRET_WORD = re.compile(r"(?i)token|secret|key")
_BLOB = re.compile(r"(?<![\w+/=\-])[A-Za-z0-9+/_\-]{32,}={0,2}(?![\w+/=\-])")


def _secret_kind(key: str, *, query: bool) -> str | None:
    """Whether a value under this name goes: "secret", "key" (a file path stays) or None."""
    name = key.lstrip("-").split(".")[-1]  # c.JupyterHub.cookie_secret -> cookie_secret
    low = name.lower()
    if low.startswith("jupyterhub-"):  # JupyterHub's cookies: -session-id, -hub-login, -user-x
        return "secret"
    if _SECRET_SUFFIX.search(low) or "password" in low or "passwd" in low:
        return "secret"
    if _KEY_SUFFIX.search(name):
        return "key"
    if query and _QUERY_SECRET.search(low):
        return "secret"
    return None


def _colon_allowed(key: str, quoted: bool) -> bool:
    # "Invalid token: ..." is prose; 'token': ..., API_TOKEN: ..., cookieSecret: ... are not.
    bare = key.lstrip("-")
    return quoted or bool(re.search(r"[_\-.]|[a-z][A-Z]", bare))


def _value_span(line: str, start: int, *, query: bool, encoded: bool) -> list[tuple[int, int]]:
    """Where the value starting at `start` lies, as spans to redact ([] to keep it)."""
    rest = line[start:]
    quoted = _QUOTED.match(rest)
    if quoted and not encoded:
        value = quoted.group(2)
        if not value or _KEEP_VALUE.fullmatch(value):
            return []
        return [(start + quoted.start(2), start + quoted.end(2))]
    if rest[:1] and rest[0] in "{[" and not rest.startswith(("[secret]", "[redacted]", "{}")):
        # A dict or list literal (api_tokens = {'...': 'alice'}): every string in it.
        close = _closing(rest)
        return [
            (start + m.start(2), start + m.end(2))
            for m in _QUOTED.finditer(rest[:close])
            if m.group(2) and not _KEEP_VALUE.fullmatch(m.group(2))
        ]
    if encoded:
        run = re.match(r"(?:(?!%(?:25)*26)[^\s'\"&<>#])*", rest).group()
    else:
        stop = "&#" if query else ""
        run = re.match(rf"[^\s'\"<>{stop}]*", rest).group()
    expression = _EXPRESSION.match(run)
    if expression:
        # Code, not a value: only the literal inside a call that wraps the secret goes.
        if _WRAPS_LITERAL.search(expression.group()):
            inner = start + expression.end()
            literal = _QUOTED.match(line, inner)
            if literal and literal.group(2):
                return [(literal.start(2), literal.end(2))]
        return []
    if _KEEP_VALUE.fullmatch(run):  # before trimming: ${VAR} ends in a brace
        return []
    run = run.rstrip(",;)]}.")
    if not run or _KEEP_VALUE.fullmatch(run):
        return []
    return [(start, start + len(run))]


def _closing(text: str) -> int:
    """The end of the bracketed literal at the start of `text` (or its end)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _assignment_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _KEY.finditer(line):
        key, sep, quoted = m.group("key"), m.group("sep"), bool(m.group("q"))
        encoded = bool(m.group("lead"))
        flag = key.startswith("--")
        before = line[m.start() - 1] if m.start() else ""
        value_start = m.end()
        follows = re.match(r"[^\s'\"&]*&", line[value_start:])
        # A query string or form body: ?key=..., &key=..., key=...&next=...
        query = encoded or (before != "" and before in "?&#;") or bool(follows and "=" in sep)
        if "=" in sep or "%" in sep:
            if encoded != ("%" in sep):
                continue
        elif ":" in sep:
            if not _colon_allowed(key, quoted) or encoded:
                continue
        elif not flag:  # whitespace or ', ' separators only follow --flags
            continue
        kind = _secret_kind(key, query=query)
        if kind is None:
            continue
        if ":" in sep and key.lower().startswith("jupyterhub-"):
            continue  # "Setting cookie jupyterhub-session-id: {...}" shows options, no value
        for span in _value_span(line, value_start, query=query, encoded=encoded):
            value = line[span[0] : span[1]]
            if kind == "key" and _PATH.fullmatch(value):
                continue  # ssl_key = '/etc/ssl/key.pem' names a file: keep it
            spans.append(span)
    return spans


def _url_password_spans(line: str) -> list[tuple[int, int]]:
    return [
        m.span(1)
        for m in _URL_PASSWORD.finditer(line)
        if m.group(1) and not _KEEP_VALUE.fullmatch(m.group(1))
    ]


def _authorization_spans(line: str) -> list[tuple[int, int]]:
    return [
        m.span(1)
        for m in _AUTHORIZATION.finditer(line)
        if not _KEEP_VALUE.fullmatch(m.group(1)) and m.group(1).lower() not in _AUTH_SCHEMES
    ]


def _cookie_spans(line: str) -> list[tuple[int, int]]:
    spans = []
    for m in _COOKIE_HEADER.finditer(line):
        setting, quote = bool(m.group(1)), m.group(3)
        end = line.find(quote, m.end()) if quote else -1
        header = line[m.end() : end if end >= 0 else len(line)]
        offset = m.end()
        for index, part in enumerate(header.split(";")):
            pair = re.match(r"\s*([^=\s]+)=\s*(.*?)\s*$", part)
            if pair:
                name, value = pair.group(1), pair.group(2)
                attribute = setting and index and name.lower() in _COOKIE_ATTRIBUTES
                if value and not attribute and not _KEEP_VALUE.fullmatch(value.strip("\"'")):
                    spans.append((offset + pair.start(2), offset + pair.end(2)))
            offset += len(part) + 1
    return spans


def _env_entry_spans(line: str) -> list[tuple[int, int]]:
    return [
        m.span(3)
        for m in _ENV_ENTRY.finditer(line)
        if _secret_kind(m.group(1), query=False) and m.group(3)
        if not _KEEP_VALUE.fullmatch(m.group(3))
    ]


def _state_argument_spans(line: str) -> list[tuple[int, int]]:
    return [m.span(2) for m in _STATE_ARGUMENT.finditer(line) if m.group(2)]


def _blob_spans(line: str) -> list[tuple[int, int]]:
    word = _SECRET_WORD.search(line)
    if not word:
        return []
    spans = []
    for m in _BLOB.finditer(line, word.end()):
        run = m.group().rstrip("=")
        hexadecimal = re.fullmatch(r"[0-9A-Fa-f]{32,}", run)
        # Mixed case and a digit: base64 of random bytes, not a path or a word.
        mixed = (
            not run.startswith("/")
            and re.search(r"[a-z]", run)
            and re.search(r"[A-Z]", run)
            and re.search(r"\d", run)
        )
        if hexadecimal or mixed:
            spans.append(m.span())
    return spans


_FINDERS = (
    _url_password_spans,
    _authorization_spans,
    _cookie_spans,
    _env_entry_spans,
    _state_argument_spans,
    _assignment_spans,
    _blob_spans,
)


def redact_secrets(line: str) -> tuple[str, int]:
    """The line with every secret value replaced by [redacted], and how many were."""
    # A record's "[W 2026-... JupyterHub _xsrf_utils:177]" holds no secret, only look-alikes.
    prefix = _PREFIX.match(line)
    record = _HUB_RECORD.match(line, prefix.end() if prefix else 0)
    if record:
        rest, count = redact_secrets(line[record.end() :])
        return line[: record.end()] + rest, count
    spans: list[tuple[int, int]] = []
    for finder in _FINDERS:  # earlier finders know the form best: they win overlaps
        for span in finder(line):
            if span[0] < span[1] and not any(s < span[1] and span[0] < e for s, e in spans):
                spans.append(span)
    for start, end in sorted(spans, reverse=True):
        line = line[:start] + REDACTED + line[end:]
    return line, len(spans)


# ------------------------------------------------------------------------ names, addresses

_NAME_CHARS = r"""[^/\s?#&'"<>()\[\]{}$%:]+(?:%[0-9A-Fa-f]{2}[^/\s?#&'"<>()\[\]{}$%:]*)*"""
_ENCODED_NAME = r"""(?:[^%/\s?#&'"<>()\[\]]|%(?!2F)[0-9A-Fa-f]{2})+"""
_WORD_NAME = r"\w(?:[\w.@+\-]*\w)?"
_STRONG_CONTEXTS = [
    re.compile(rf"(?<!/home)/user/({_NAME_CHARS})"),
    re.compile(rf"/api/users/({_NAME_CHARS})"),
    re.compile(rf"/hub/spawn(?:-pending)?/({_NAME_CHARS})"),
    re.compile(rf"(?i)%2F(?:user|api%2Fusers|spawn|spawn-pending)%2F({_ENCODED_NAME})"),
    re.compile(r"\(([^()\s]+)@[0-9A-Fa-f:.]+\)"),  # the access log's (name@ip)
    re.compile(r"""(?<![\w-])(?:User|user)[ =](['"])([^'"\s]+)\1"""),
    re.compile(r"<User\(([^\s()]+) "),  # the ORM's repr: <User(alice 1/1 running)>
]
_PROSE_CONTEXTS = [
    re.compile(rf"(?<![\w-])(?:User|user) ({_WORD_NAME})"),
    re.compile(rf"(?<![\w.@+\-])({_WORD_NAME})'s server"),
]
# Spawners' container and pod names, and the OAuth client ids and cookies of servers.
_WEAK_CONTEXTS = [
    re.compile(r"(?<![\w-])jupyter-([A-Za-z0-9](?:[\w.]|-(?!-))*)"),
    re.compile(r"""(?<![\w-])jupyterhub-user-([^\s'"=;,/&?()<>\[\]%]+)"""),
]
# `jupyter-<x>` that are Jupyter's own commands and packages, not containers.
_JUPYTER_COMMANDS = set(
    "server lab labhub notebook singleuser hub core client console kernel kernelspec "
    "nbconvert nbclassic events troubleshoot run execute trust migrate qtconsole "
    "nbextension serverextension labextension bundlerextension book collaboration "
    "resource telemetry lsp ydoc fs dash packaging".split()
)
# Words that follow "user" or precede "'s server" in messages, and are no user's name.
_PROSE_STOP = set(
    """a an the and or of to in on at by for from with without as is are was were be been
    not no has have had does did do can cannot could may might must should will would this
    that these those it its their his her there here which who whom whose what when where
    all any each every some none server servers spawner spawners user users name names id
    ids info model data list options option scopes scope roles role groups group token
    tokens cookie cookies session sessions agent interface account accounts logged login
    logout found exists exist deleted created added removed allowed authenticated authorized
    access api page redirect namespace permissions permission config configuration directory
    process environment env object objects count state requests request activity limit
    already requesting requested trying unknown undefined null true false hub proxy service
    services default spawning pending ready failed error errors timeout redacted secret
    own other another new current""".split()
)
# Names not replaced wherever they appear as a word: they are also words of the log itself.
_BARE_STOP = _PROSE_STOP | set(
    """admin admins root test tests home lab tree jupyter jupyterhub jovyan spawn stop start
    running http https localhost local debug warning warn critical user1 notebook
    singleuser health metrics static logout oauth""".split()
)
_KEPT_ADDRESSES = {"127.0.0.1", "0.0.0.0", "::1", "::"}
_IPV4 = re.compile(
    r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?!\w|\.\d)"
)
_IPV6 = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![\w:])"
)


def _escapism(name: str) -> str:
    # How DockerSpawner and KubeSpawner spell a name in containers: alice@x -> alice-40x.
    return "".join(c if c.isascii() and c.isalnum() else f"-{ord(c):02x}" for c in name).lower()


class Pseudonyms:
    """User names and addresses, each replaced by the same stand-in wherever it appears:
    user1, user2, ... and 10.0.0.1, 10.0.0.2, ... in order of first appearance."""

    def __init__(self, lines: list[str]):
        self.aliases: dict[str, str] = {}  # the name as written -> the name
        self.users: dict[str, str] = {}  # the name -> userN
        self.addresses: dict[str, str] = {}  # the address -> 10.0.0.N
        for contexts in (_STRONG_CONTEXTS, _PROSE_CONTEXTS, _WEAK_CONTEXTS):
            for line in lines:
                for written, _span in self._candidates(line, contexts):
                    self._learn(written)
        bare = sorted(
            (a for a, n in self.aliases.items() if self._bare_safe(a) and self._bare_safe(n)),
            key=len,
            reverse=True,
        )
        self.bare = (
            re.compile(
                r"(?<![A-Za-z0-9_])(?:" + "|".join(map(re.escape, bare)) + r")(?![A-Za-z0-9_])"
            )
            if bare
            else None
        )

    @staticmethod
    def _bare_safe(name: str) -> bool:
        return len(name) >= 3 and not name.isdigit() and name.lower() not in _BARE_STOP

    def _candidates(self, line: str, contexts) -> list[tuple[str, tuple[int, int]]]:
        found = []
        for pattern in contexts:
            for m in pattern.finditer(line):
                group = m.lastindex  # the name is the last group (the first may be a quote)
                written = m.group(group).rstrip(".-")
                if not written:
                    continue
                if contexts is _PROSE_CONTEXTS and written.lower() in _PROSE_STOP:
                    continue
                if contexts is _WEAK_CONTEXTS:
                    written = written.removesuffix("-oauth-state")
                    if not written:  # `jupyterhub-user--oauth-state`: no name in it
                        continue
                    if (
                        pattern is _WEAK_CONTEXTS[0]
                        and re.split(r"[-.]", written)[0].lower() in _JUPYTER_COMMANDS
                    ):
                        continue
                    # jupyterhub-user-alice-gpu: alice's server "gpu", when alice is known.
                    known = self._known_prefix(written)
                    if known:
                        written = known
                found.append((written, (m.start(group), m.start(group) + len(written))))
        return found

    def _known_prefix(self, written: str) -> str | None:
        for alias in sorted(self.aliases, key=len, reverse=True):
            if written.startswith(alias + "-") or written.startswith(alias + "--"):
                return alias
        return None

    def _learn(self, written: str) -> None:
        if written in self.aliases:
            return
        name = unquote(unquote(written))
        for form in {written, name, _escapism(name)}:
            self.aliases.setdefault(form, name)

    def user(self, written: str) -> str:
        name = self.aliases.get(written, written)
        if name not in self.users:
            self.users[name] = f"user{len(self.users) + 1}"
        return self.users[name]

    def address(self, key: str) -> str:
        if key not in self.addresses:
            self.addresses[key] = str(ipaddress.IPv4Address("10.0.0.0") + len(self.addresses) + 1)
        return self.addresses[key]

    def apply(self, line: str) -> str:
        """The line with names and addresses replaced, in one pass (no stand-in is replaced
        again), stand-ins numbered in order of appearance."""
        found: list[tuple[int, int, str, str]] = []  # start, end, kind, text
        for contexts in (_STRONG_CONTEXTS, _PROSE_CONTEXTS, _WEAK_CONTEXTS):
            for written, (start, end) in self._candidates(line, contexts):
                if written in self.aliases:
                    found.append((start, end, "user", written))
        if self.bare:
            found += [(m.start(), m.end(), "user", m.group()) for m in self.bare.finditer(line)]
        for m in _IPV6.finditer(line):
            try:
                address = ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            found.append((m.start(), m.end(), "ipv6", str(address)))
        found += [(m.start(), m.end(), "ipv4", m.group()) for m in _IPV4.finditer(line)]
        found.sort(key=lambda f: (f[0], -f[1]))
        out, position = [], 0
        for start, end, kind, text in found:
            if start < position:
                continue  # inside a replacement already made
            out.append(line[position:start])
            out.append(self._stand_in(kind, text, line[start:end]))
            position = end
        out.append(line[position:])
        return "".join(out)

    def _stand_in(self, kind: str, text: str, original: str) -> str:
        if kind == "user":
            return self.user(text)
        if kind == "ipv6":
            address = ipaddress.IPv6Address(text)
            if address.ipv4_mapped:  # ::ffff:10.1.2.3 is the IPv4 address of other lines
                v4 = str(address.ipv4_mapped)
                prefix = original[: original.rfind(":") + 1]
                return prefix + (v4 if v4 in _KEPT_ADDRESSES else self.address(v4))
            if text in _KEPT_ADDRESSES:
                return original
            return self.address(text)
        return original if text in _KEPT_ADDRESSES else self.address(text)


# -------------------------------------------------------------------------------- selection

# What may stand before a record: docker compose's "name  | ", syslog's and journald's
# "Jun 20 11:51:00 host jupyterhub[123]: ", kubectl logs --timestamps.
_PREFIX = re.compile(
    r"^(?:[\w.\-]+\s+\|\s?"
    r"|[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d \S+ [^\s:]+: "
    r"|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d) (?=\[))"
)
_HUB_RECORD = re.compile(r"\[([DIWEC]) (?:\d{4}-\d\d-\d\d|\d{6}) \d\d:\d\d:\d\d[^\]]*\]")
_PROXY_RECORD = re.compile(r"^.{0,40}?\[ConfigProxy\]\s+(\w+):")
_TIMESTAMP_RECORD = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d")
_PROXY_LEVELS = {"warn": "W", "warning": "W", "error": "E"}
_TRACEBACK = "Traceback (most recent call last):"
_CHAINED = ("During handling of the above exception", "The above exception was the direct cause")


def _body(line: str) -> str:
    return _PREFIX.sub("", line, count=1)


def level(line: str) -> str | None:
    """D, I, W, E or C for a record's first line ("" for other records), None otherwise."""
    body = _body(line)
    hub = _HUB_RECORD.match(body)
    if hub:
        return hub.group(1)
    proxy = _PROXY_RECORD.match(body)
    if proxy:
        return _PROXY_LEVELS.get(proxy.group(1).lower(), "I")
    return "" if _TIMESTAMP_RECORD.match(body) else None


def _indent(body: str) -> int:
    return len(body) - len(body.lstrip(" \t"))


def tracebacks(lines: list[str]) -> list[range]:
    """Each Python traceback, from its first line to the exception line, chained ones
    ("During handling of the above exception ...") joined."""
    found, index = [], 0
    while index < len(lines):
        body = _body(lines[index])
        if body.lstrip().startswith(_TRACEBACK):
            end = _traceback_end(lines, index, _indent(body))
            found.append(range(index, end))
            index = end
        else:
            index += 1
    return found


def _traceback_end(lines: list[str], start: int, base: int) -> int:
    index = start + 1
    while index < len(lines) and index - start < TRACEBACK_CAP:
        body = _body(lines[index])
        if not body.strip():
            if _chain_follows(lines, index):
                index += 1
                continue
            return index
        if _indent(body) > base or body.strip().startswith((_TRACEBACK, *_CHAINED)):
            index += 1
            continue
        if _indent(body) < base:
            return index  # back out of the record that held the traceback
        if level(lines[index]) is not None:
            return index  # the next record: the traceback was cut short
        index += 1  # the exception line
        if not _chain_follows(lines, index):
            return index
    return index


def _chain_follows(lines: list[str], index: int) -> bool:
    while index < len(lines) and not _body(lines[index]).strip():
        index += 1
    # The blank lines around "During handling ..." belong to the chain, up to the next header.
    return index < len(lines) and _body(lines[index]).strip().startswith((*_CHAINED, _TRACEBACK))


def _continuation(lines: list[str], start: int) -> range:
    """The indented lines after a record's first line (tornado indents a message's later
    lines: tracebacks, header dumps)."""
    end = start + 1
    while end < len(lines) and end - start <= CONTINUATION_CAP:
        body = _body(lines[end])
        if not body or body[0] not in " \t" or level(lines[end]) is not None:
            break
        end += 1
    return range(start, end)


def select(lines: list[str], findings: list, context: int) -> set[int]:
    """Indexes of the lines to show: the diagnoser's with context, warnings and errors with
    their continuation, tracebacks."""
    keep: set[int] = set()
    for finding in findings:
        for number, _where, _text in finding.lines:
            low, high = max(0, number - 1 - context), min(len(lines), number + context)
            keep.update(range(low, high))
    for index, line in enumerate(lines):
        if level(line) in ("W", "E", "C"):
            keep.update(_continuation(lines, index))
    for found in tracebacks(lines):
        keep.update(found)
    return keep


# --------------------------------------------------------------------------------- versions

# (label, a literal every matching line holds, the pattern: group 1 is the value, or the
# fixed value when there is one). The diagnoser shows them above its results as well.
_VERSION_LINES = [
    ("JupyterHub", "Running JupyterHub", re.compile(r"Running JupyterHub version (\S+)")),
    ("Authenticator", "Using Authenticator", re.compile(r"Using Authenticator: (\S+)")),
    ("Spawner", "Using Spawner", re.compile(r"Using Spawner: (\S+)")),
    ("Proxy", "Using Proxy", re.compile(r"Using Proxy: (\S+)")),
    (
        "jupyterhub-singleuser",
        "Starting jupyterhub",
        re.compile(
            r"Starting jupyterhub(?:-singleuser| single-user) server(?: extension)? "
            r"version (\S+)"
        ),
    ),
    (
        "configurable-http-proxy",
        "configurable-http-proxy",
        re.compile(r"configurable-http-proxy(?:@|\s+v?|\s+version\s+)(\d+\.\d+\.\d+[\w.+\-]*)"),
    ),
    ("Python", "/python3.", re.compile(r"/python(3\.\d+)/")),
    ("Python", "Python 3.", re.compile(r"\bPython (3\.\d+\.\d+)\b")),
    # npm's error report (`npm ERR! node v12.22.9`, npm 10: `npm error node v18.19.0`), and
    # the line Node.js ends an uncaught exception's stack trace with (`Node.js v18.19.0`).
    ("Node.js", "node v", re.compile(r"npm (?:ERR!|error) node v(\d+\.\d+\.\d+)")),
    ("Node.js", "Node.js v", re.compile(r"^\s*Node\.js v(\d+\.\d+\.\d+)\s*$")),
    ("npm", "npm ", re.compile(r"npm (?:ERR!|error) npm +v(\d+\.\d+\.\d+)")),
    # A path with a drive letter and a backslash (a traceback's `File "C:\...`).
    ("Platform", ":\\", re.compile(r"(?:^|[\s\"'(=])[A-Za-z]:\\[\w .-]+\\"), "Windows"),
]
_PROXY_VERSION_COMMAND = re.compile(r"configurable-http-proxy\s+(?:--version|-V)\s*$")
_BARE_VERSION = re.compile(r"\s*v?(\d+\.\d+\.\d+[\w.+\-]*)\s*")


class Versions:
    """The versions (and platform) a log shows, read line by line (a stream)."""

    def __init__(self):
        self.seen: dict[str, list[str]] = {row[0]: [] for row in _VERSION_LINES}
        self._proxy_output = 0  # lines left to look at for `--version`'s output

    def _add(self, label: str, value: str) -> None:
        if value not in self.seen[label]:
            self.seen[label].append(value)

    def take(self, line: str) -> None:
        if self._proxy_output:  # the first non-blank of the 2 lines after the command
            if line.strip():
                bare = _BARE_VERSION.fullmatch(line)
                if bare:
                    self._add("configurable-http-proxy", bare.group(1))
                self._proxy_output = 0
            else:
                self._proxy_output -= 1
        for label, lead, pattern, *fixed in _VERSION_LINES:
            if lead in line:
                for m in pattern.finditer(line):
                    self._add(label, fixed[0] if fixed else m.group(1))
        if _PROXY_VERSION_COMMAND.search(line):  # `configurable-http-proxy --version`
            self._proxy_output = 2

    def found(self) -> dict[str, list[str]]:
        """Label -> values, for the labels the log shows."""
        found = {}
        for label, values in self.seen.items():
            if label == "Python":
                # 3.11 from a path says less than 3.11.7 from a banner: keep the longer.
                values = [v for v in values if not any(w.startswith(v + ".") for w in values)]
            if values:
                found[label] = values
        return found

    def bullets(self) -> list[str]:
        """As Markdown bullets, in the order of _VERSION_LINES."""
        bullets = []
        for label, values in self.found().items():
            if label in ("Authenticator", "Spawner", "Proxy"):
                shown = []
                for value in values:
                    cls, dash, version = value.rpartition("-")
                    if dash and re.match(r"\d", version):
                        shown.append(f"`{cls}` {version}")
                    else:
                        shown.append(f"`{value}`")
                bullets.append(f"- {label}: {', '.join(shown)}")
            elif label == "Platform":
                bullets.append(f"- Platform: {', '.join(values)}")
            else:
                bullets.append(f"- {label} {', '.join(values)}")
        return bullets


def versions(lines: list[str]) -> list[str]:
    """The versions the log shows, as Markdown bullets, in the order above."""
    found = Versions()
    for line in lines:
        found.take(line)
    return found.bullets()


# ----------------------------------------------------------------------------------- render


@dataclass
class Summary:
    total: int
    shown: int
    secrets: int
    users: int
    addresses: int
    tail: bool  # nothing matched nor warned: the log's end is shown


def render(text: str, **options) -> tuple[str, Summary]:
    """render_lines() of a whole text."""
    return render_lines(matcher.default_rules().lines(text), **options)


def render_lines(
    raw: list[str],
    *,
    names: bool = False,
    context: int = 3,
    whole: bool = False,
    signatures: dict | None = None,
) -> tuple[str, Summary]:
    """The Markdown to paste: the versions, then the redacted excerpt in a text fence.
    `raw`: the log's lines as the matcher's rules split them (its line numbers count them)."""
    signatures = signatures or matcher.load_signatures()
    ansi = signatures["compiled_rules"].ansi
    lines = [ansi.sub("", line) for line in raw]
    tail = False
    if whole:
        keep = set(range(len(lines)))
    else:
        keep = select(lines, matcher.diagnose_lines(lines, signatures), context)
        if not keep:
            keep, tail = set(range(max(0, len(lines) - TAIL), len(lines))), True
    pseudonyms = Pseudonyms(lines) if names else None
    body, previous, secrets = [], -1, 0
    for index in sorted(keep):
        if index > previous + 1:
            body.append(_omitted(index - previous - 1))
        line, count = redact_secrets(lines[index])
        secrets += count
        body.append(pseudonyms.apply(line) if pseudonyms else line)
        previous = index
    if previous < len(lines) - 1:
        body.append(_omitted(len(lines) - 1 - previous))
    fences = [len(m.group(1)) for x in body if (m := re.match(r" {0,3}(`{3,})", x))]
    fence = "`" * max(3, max(fences, default=0) + 1)  # a fence in the log must not close ours
    header = versions(lines)
    out = "\n".join([*header, *([""] if header else []), f"{fence}text", *body, fence]) + "\n"
    return out, Summary(
        total=len(lines),
        shown=len(keep),
        secrets=secrets,
        users=len(pseudonyms.users) if pseudonyms else 0,
        addresses=len(pseudonyms.addresses) if pseudonyms else 0,
        tail=tail,
    )


def _omitted(count: int) -> str:
    return f"[... {count} line{'s' if count != 1 else ''} left out ...]"


def run(file: str | None, *, names: bool, context: int, whole: bool) -> int:
    """The command: exit 0, or 2 when the input is not a readable text log. Ctrl-C and a
    closed pipe are left to __main__.run(), as for diagnose."""
    if context < 0:
        print("redact: --context must be 0 or more lines", file=sys.stderr)
        return 2
    # With no argument and nothing piped in, reading would wait on the terminal.
    if file is None and sys.stdin.isatty():
        print(
            f"redact: standard input is a terminal; give a log file, or pipe the log in: "
            f"{STDIN_HINT}",
            file=sys.stderr,
        )
        return 2
    signatures = matcher.load_signatures()
    rules = signatures["compiled_rules"]
    try:
        raw = list(logfile.read_lines(file or "-", rules.line_break))
    except logfile.LogError as error:
        print(f"redact: {error}", file=sys.stderr)
        return 2
    out, summary = render_lines(
        raw, names=names, context=context, whole=whole, signatures=signatures
    )
    # Line by line: one huge write() to a pipe that `head` closed can end short without an
    # error; buffered small ones meet the closed pipe (BrokenPipeError, for __main__.run).
    for line in out.splitlines(keepends=True):
        sys.stdout.write(line)
    sys.stdout.flush()
    print(_summary(summary), file=sys.stderr)
    return 0


def _summary(s: Summary) -> str:
    what = f"{s.shown} of {s.total} lines"
    if s.tail:
        what += " (the log's end: no known symptom, warning or error in it)"
    parts = [f"{s.secrets} secret value(s) replaced with {REDACTED}"]
    if s.users or s.addresses:
        parts.append(f"{s.users} user name(s) and {s.addresses} address(es) replaced")
    return (
        f"redact: {what}; {'; '.join(parts)}. Only known forms of secrets are found: "
        "read the excerpt before you post it."
    )
