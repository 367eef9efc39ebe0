"""Message templates extracted from synthetic source trees, and which messages they trace."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from troubleshoot.formats import (
    Template,
    javascript_templates,
    python_templates,
    templates,
    traces,
)


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def texts(found: list[Template]) -> set[str]:
    return {template.text for template in found}


def by_text(found: list[Template], text: str) -> Template:
    (template,) = [t for t in found if t.text == text]
    return template


# Template ------------------------------------------------------------------------------------


def test_template_regex_escapes_literals_and_lets_placeholders_match_anything():
    template = Template("Proxy (pid {}) stopped{}", "proxy.py", 1)
    assert template.chunks == ("Proxy (pid ", ") stopped", "")
    assert template.regex.pattern == r"Proxy\ \(pid\ .*?\)\ stopped.*?"
    assert template.regex.search("[W] Proxy (pid 42) stopped")
    assert template.regex.search("Proxy (pid ) stopped")  # a placeholder may be empty
    assert not template.regex.search("Proxy pid 42 stopped")


def test_template_from_chunks_keeps_a_literal_pair_of_braces_literal():
    template = Template.from_chunks(["{} is literal, ", " is not"], "a.py", 3)
    assert template.text == "{} is literal, {} is not"
    assert template.chunks == ("{} is literal, ", " is not")
    assert template.regex.search("{} is literal, x is not")
    assert not template.regex.search("y is literal, x is not")


# Python ---------------------------------------------------------------------------------------


@pytest.fixture
def python_tree(tmp_path: Path) -> Path:
    write(
        tmp_path,
        "pkg/proxy.py",
        '''\
        """A module docstring is never printed."""
        import logging

        log = logging.getLogger(__name__)


        def stop(code, name, error, path):
            """Nor is a function's docstring."""
            log.error("Proxy stopped with exit code %r", code)
            log.info("Served %(count)d users at 100%% load in %.2f s", {"count": 1}, 0.5)
            log.error(f"api_request to proxy failed: {error}")
            log.error("Unknown user {name!r} in {0} ({})".format(path, 1, name=name))
            log.warning("Spawner " + name + " failed: " + str(error))
            raise ValueError(
                """Proxy configuration is invalid:
            the target %s is not a URL"""
            )
            return "50% done; {} stays literal here"
        ''',
    )
    write(tmp_path, "pkg/broken.py", 'def broken(:\n    "Never read from a broken file"\n')
    write(tmp_path, "pkg/tests/test_proxy.py", 'assert "Proxy stopped quoted by a test"\n')
    return tmp_path


@pytest.mark.parametrize(
    ("tree", "extract", "template", "where", "also"),
    [
        # %(name)d and %.2f are placeholders, %% a literal percent sign.
        ("python_tree", python_templates, "Proxy stopped with exit code {}",
         ("pkg/proxy.py", 9), "Served {} users at 100% load in {} s"),
        # util.format's %s; escapes read as JavaScript reads them.
        ("javascript_tree", javascript_templates, "Error in handler for {} {}: {}",
         ("lib/configproxy.js", 4), "It's A tab:\tend"),
    ],
    ids=["python-percent", "javascript-util-format"],
)  # fmt: skip
def test_string_constants_with_printf_placeholders(request, tree, extract, template, where, also):
    found = extract(request.getfixturevalue(tree))
    located = by_text(found, template)
    assert (located.file, located.line) == where
    assert also in texts(found)


def test_python_f_string_format_and_concatenation(python_tree: Path):
    found = texts(python_templates(python_tree))
    assert "api_request to proxy failed: {}" in found
    assert "Unknown user {} in {} ({})" in found  # {name!r}, {0} and {} fields
    assert "Spawner {} failed: {}" in found
    # The pieces of a concatenation are not templates of their own.
    assert "failed:" not in found and "Spawner" not in found


def test_python_a_message_built_in_steps_is_one_template(tmp_path: Path):
    write(
        tmp_path,
        "auth.py",
        "def check(reply):\n"
        '    msg = "Failed to check authorization"\n'
        "    if reply.description:\n"
        '        msg += ": " + reply.description\n'
        "    raise ValueError(msg)\n",
    )
    texts = {t.text for t in python_templates(tmp_path)}
    assert "Failed to check authorization: {}" in texts
    assert traces("Failed to check authorization: invalid_client", python_templates(tmp_path))


def test_python_a_string_that_is_not_formatted_keeps_its_braces(python_tree: Path):
    template = by_text(python_templates(python_tree), "50% done; {} stays literal here")
    assert template.chunks == ("50% done; {} stays literal here",)


def test_python_multiline_string_gives_one_template_per_line_with_its_own_line_number(
    python_tree: Path,
):
    found = python_templates(python_tree)
    assert by_text(found, "Proxy configuration is invalid:").line == 15
    assert by_text(found, "the target {} is not a URL").line == 16


def test_python_skips_docstrings_unparsable_files_and_tests(python_tree: Path):
    found = python_templates(python_tree)
    assert not [t for t in found if "docstring" in t.text]
    assert not [t for t in found if t.file.endswith(("broken.py", "test_proxy.py"))]


def test_html_jinja_template_lines(tmp_path: Path):
    write(
        tmp_path,
        "share/templates/spawn_pending.html",
        """\
        {% extends "page.html" %}
        {# a comment is not shown #}
        <p>Your server at <code>{{ server_url }}</code> is starting up.</p>
        <td>Left cell</td><td>Right cell</td>
        <script>var hidden = "script text is not shown";</script>
        {% if error %}<div class="{{ cls }}">Spawn failed: {{ error | e }}</div>{% endif %}
        Tom &amp; Jerry&nbsp;forever
        """,
    )
    found = python_templates(tmp_path)
    assert [(t.text, t.line) for t in found] == [
        ("Your server at {} is starting up.", 3),
        ("Left cell", 4),
        ("Right cell", 4),
        ("Spawn failed: {}", 6),
        ("Tom & Jerry forever", 7),
    ]


# JavaScript -----------------------------------------------------------------------------------


@pytest.fixture
def javascript_tree(tmp_path: Path) -> Path:
    write(
        tmp_path,
        "lib/configproxy.js",
        """\
        // "a string in a comment is not a template"
        /* nor "in a block comment" */
        const pattern = /["'`]+quoted/g, ratio = total / count / 2;
        this.log.error("Error in handler for %s %s: %s", req.method, url, e);
        throw new Error(`Unexpected protocol ${target.protocol} for ${route}`);
        console.error("A colon was expected in custom header: " + value);
        log.warn("Proxy target " + this.targets[0].host + " is " + state() + ".");
        notify("Failed to start ".concat(n, " ").concat(n > 1 ? "servers" : "server"));
        const escaped = 'It\\'s \\u0041 tab:\\tend';
        """,
    )
    write(
        tmp_path,
        "bin/configurable-http-proxy",
        '#!/usr/bin/env node\nlog.warn("REST API is not authenticated.");\n',
    )
    write(tmp_path, "node_modules/dep/index.js", 'throw new Error("Dependency message");\n')
    write(tmp_path, "lib/bundle.min.js", 'alert("Minified message");\n')
    return tmp_path


def test_javascript_template_literal_and_concatenation(javascript_tree: Path):
    found = texts(javascript_templates(javascript_tree))
    assert "Unexpected protocol {} for {}" in found
    assert "A colon was expected in custom header: {}" in found
    # Member expressions and calls are placeholders.
    assert "Proxy target {} is {}." in found
    # Babel's template literals: "...".concat(a, "...").
    assert "Failed to start {} {}" in found
    assert "Proxy target" not in found


def test_javascript_skips_comments_regex_literals_and_bundled_code(javascript_tree: Path):
    found = texts(javascript_templates(javascript_tree))
    assert not [text for text in found if "comment" in text or "quoted" in text]
    assert "Dependency message" not in found
    assert "Minified message" not in found


def test_javascript_reads_an_extensionless_node_script(javascript_tree: Path):
    template = by_text(javascript_templates(javascript_tree), "REST API is not authenticated.")
    assert (template.file, template.line) == ("bin/configurable-http-proxy", 2)


def test_templates_runs_both_and_is_cached_in_memory(python_tree: Path, javascript_tree: Path):
    found = templates(python_tree)
    assert "Proxy stopped with exit code {}" in texts(found)
    assert "Unexpected protocol {} for {}" in texts(found)
    write(python_tree, "pkg/late.py", 'x = "Added after the first extraction"\n')
    assert "Added after the first extraction" not in texts(templates(python_tree))


# traces ---------------------------------------------------------------------------------------


def template(text: str) -> Template:
    return Template(text, "source.py", 1)


def traced(message: str, *texts: str) -> list[str]:
    return [t.text for t in traces(message, [template(text) for text in texts])]


def test_a_whole_line_traces_with_another_library_text_in_its_placeholder():
    message = "api_request to proxy failed: HTTP 403: Forbidden"
    assert traced(message, "api_request to proxy failed: {}") == ["api_request to proxy failed: {}"]


def test_a_log_prefix_before_the_template_is_allowed():
    message = "[C 2024-05-01 10:00:00.000 JupyterHub app:3165] Failed to start proxy"
    assert traced(message, "Failed to start proxy") == ["Failed to start proxy"]


def test_a_partial_quote_is_traced():
    assert traced("exit code 8", "Proxy failed to start with exit code {}") == [
        "Proxy failed to start with exit code {}"
    ]
    # Beginning inside a later literal, across a placeholder, ending inside another literal.
    assert traced("role admin to alice: not found", "Cannot assign role {} to {}: not found ({})")
    # Beginning in a leading placeholder.
    assert traced("alice's server never showed up at", "{}'s server never showed up at {}")


def test_a_message_does_not_begin_inside_a_value_that_follows_text():
    message = "No service is registered at this URL"
    assert traced(message, "Cannot connect to {} service {} at {}") == []


def test_trivial_templates_never_trace():
    message = "Error: could not connect to the database at localhost"
    assert traced(message, "{}: {}", "Error", "Error: {}", "{} at {}", "could") == []


def test_a_literal_in_the_middle_of_a_message_did_not_print_it():
    message = "503 GET /user/alice/ connect ECONNREFUSED 127.0.0.1:8888"
    assert traced(message, "ECONNREFUSED", "{} {} {} {}") == []


def test_text_before_a_name_or_a_value_is_not_a_log_prefix():
    message = "sqlite3.OperationalError: no such column: users.last_activity"
    assert traced(message, "last_activity") == []
    message = "Failed to bind hub to http://127.0.0.1:8081/hub/"
    assert traced(message, "http://127.0.0.1:8081/hub/api") == []
    assert traced("last_activity", "last_activity")


def test_a_url_format_does_not_trace_the_message_that_quotes_a_url():
    message = "Failed to connect to my Hub at http://127.0.0.1:8081/hub/api (attempt 1/5)"
    source = "Failed to connect to my Hub at {} (attempt {}/{})"
    assert traced(message, "{}://127.0.0.1:{}", source) == [source]


def test_a_message_that_goes_past_a_template_is_not_traced_by_it():
    assert traced("Failed to start proxy", "Failed to start") == []
    assert traced("Failed to start proxy", "Failed to start {}") == ["Failed to start {}"]


def test_literals_must_occur_in_order():
    assert traced("Adding route /user/alice -> http://x", "Route added {} -> {}") == []
    assert traced("Adding route /user/alice -> http://x", "Adding route {} -> {}")


def test_placeholders_take_a_negative_number_or_an_ipv6_address():
    assert traced("Proxy stopped with exit code -15", "Proxy stopped with exit code {}")
    message = "Adding route /user/alice -> http://[fe80::1%eth0]:8888"
    assert traced(message, "Adding route {} -> {}")
    assert traced("Proxy listening on [::1]:8000 (pid 12)", "Proxy listening on {} (pid {})")


def test_short_messages_need_most_of_their_characters_from_the_template():
    assert traced("No route", "No route for {}") == ["No route for {}"]
    # 6 of the 12 characters (50%) are the template's: not enough.
    assert traced("Error 503: x", "Error {}") == []


def test_the_best_trace_comes_first():
    message = "Proxy failed to start with exit code 8"
    assert traced(message, "{} with exit code {}", "Proxy failed to start with exit code {}") == [
        "Proxy failed to start with exit code {}",
        "{} with exit code {}",
    ]


def test_traces_from_extracted_templates(python_tree: Path):
    found = traces("Proxy stopped with exit code -15", templates(python_tree))
    assert [(t.file, t.line) for t in found] == [("pkg/proxy.py", 9)]
