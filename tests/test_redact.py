"""`python -m troubleshoot redact`: secrets never survive, diagnostic text does, the excerpt
keeps what a helper needs, and bad input gets one line and exit 2."""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from troubleshoot import matcher, redact
from troubleshoot.model import ROOT

STAMP = "2026-11-25 23:24:10.503"


def hub(text: str, level: str = "I", where: str = "log:192") -> str:
    """A JupyterHub 6.1 log line."""
    return f"[{level} {STAMP} JupyterHub {where}] {text}"


def excerpt(*lines: str, **options) -> str:
    return redact.render("\n".join(lines) + "\n", **options)[0]


# Each form JupyterHub, its proxy, spawners and config dumps print a secret in: (line, the
# planted secret, what must be left of the line). Every planted value is unique.
SECRETS = {
    "query-token": (
        hub(
            "200 GET /user/alice/api/kernels?token=7c4a8d09ca3762af61e59520943dc264 (alice@10.1.2.3) 3.2ms"
        ),
        "7c4a8d09ca3762af61e59520943dc264",
        "/api/kernels?token=[redacted] (alice@10.1.2.3)",
    ),
    "query-and-token": (
        hub(
            "302 GET /user/alice/lab?redirects=1&token=a94a8fe5ccb19ba61c4c0873d391e987 -> /hub/login (@10.1.2.3) 1.1ms"
        ),
        "a94a8fe5ccb19ba61c4c0873d391e987",
        "?redirects=1&token=[redacted] -> /hub/login",
    ),
    "query-token-encoded-in-next": (
        hub(
            "302 GET /hub/login?next=%2Fuser%2Falice%2Flab%3Ftoken%3Db6d767d2f8ed5d21a44b0e5886680cb9%26x%3D1 -> /hub/oauth_login (@10.1.2.3) 0.8ms"
        ),
        "b6d767d2f8ed5d21a44b0e5886680cb9",
        "%3Ftoken%3D[redacted]%26x%3D1",
    ),
    "proxy-query-token": (
        "2026-11-25T23:24:05.100Z [ConfigProxy] error: 503 GET /user/alice/api/kernels?token=1f3870be274f6c49b3e31a0c6728957f socket hang up",
        "1f3870be274f6c49b3e31a0c6728957f",
        "?token=[redacted] socket hang up",
    ),
    "authorization-token": (
        "Authorization: token 8277e0910d750195b448797616e091ad",
        "8277e0910d750195b448797616e091ad",
        "Authorization: token [redacted]",
    ),
    "authorization-bearer": (
        "authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlMTIz",
        "eyJhbGciOiJIUzI1NiJ9",
        "authorization: Bearer [redacted]",
    ),
    "authorization-basic": (
        'curl -H "AUTHORIZATION: basic YWxpY2U6aHVudGVyMjI=" http://127.0.0.1:8081/hub/api',
        "YWxpY2U6aHVudGVyMjI=",
        '"AUTHORIZATION: basic [redacted]" http://127.0.0.1:8081/hub/api',
    ),
    "authorization-json-dump": (
        '      "Authorization": "token 0cc175b9c0f1b6a831c399e269772661",',
        "0cc175b9c0f1b6a831c399e269772661",
        '"Authorization": "token [redacted]",',
    ),
    "oauth-code": (
        hub(
            "302 GET /hub/oauth_callback?code=4a8a08f09d37b73795649038408b5f33 -> /hub/spawn (alice@10.1.2.3) 12.34ms"
        ),
        "4a8a08f09d37b73795649038408b5f33",
        "/hub/oauth_callback?code=[redacted] -> /hub/spawn",
    ),
    "oauth-state": (
        hub(
            "302 GET /hub/oauth_callback?code=[secret]&state=eyJzdGF0ZV9pZCI6ICI4ZjE0ZTQ1ZmNlZWEifQ -> /hub/spawn (alice@10.1.2.3) 12.34ms"
        ),
        "eyJzdGF0ZV9pZCI6ICI4ZjE0ZTQ1ZmNlZWEifQ",
        "?code=[secret]&state=[redacted] -> /hub/spawn",
    ),
    "oauth-state-argument": (
        hub(
            "oauth state argument 'eyJzdGF0ZV9pZCI6ICJhcmcxMjMifQ' != cookie "
            "jupyterhub-user-alice-oauth-state='eyJzdGF0ZV9pZCI6ICJja2k0NTYifQ'",
            "W",
            "auth:1646",
        ),
        "eyJzdGF0ZV9pZCI6ICJhcmcxMjMifQ",
        "oauth state argument '[redacted]' != cookie jupyterhub-user-alice-oauth-state='[redacted]'",
    ),
    "cookie-header": (
        "Cookie: jupyterhub-session-id=92eb5ffee6ae2fec3ad71c777531578f; grafana_session=e4da3b7fbbce2345d7772b0674a318d5",
        "e4da3b7fbbce2345d7772b0674a318d5",
        "Cookie: jupyterhub-session-id=[redacted]; grafana_session=[redacted]",
    ),
    "set-cookie-header": (
        "Set-Cookie: jupyterhub-hub-login=2|1:0|10:1764112000|20:jupyterhub-hub-login|44:MWY2Zg==|d3b07384d113; Path=/hub/; HttpOnly",
        "d3b07384d113",
        "Set-Cookie: jupyterhub-hub-login=[redacted]; Path=/hub/; HttpOnly",
    ),
    "cookie-json-dump": (
        '      "Cookie": "_xsrf=2|c4ca4238|a0b923820dcc509a|1764112000; jupyterhub-session-id=45c48cce2e2d7fbdea1afc51c7c6ad26",',
        "45c48cce2e2d7fbdea1afc51c7c6ad26",
        '"Cookie": "_xsrf=[redacted]; jupyterhub-session-id=[redacted]",',
    ),
    "session-id-cookie": (
        hub(
            "jupyterhub-session-id=6512bd43d9caa6e02c990b0a82652dca set for alice", "D", "base:724"
        ),
        "6512bd43d9caa6e02c990b0a82652dca",
        "jupyterhub-session-id=[redacted] set for alice",
    ),
    "hub-login-cookie": (
        "jupyterhub-hub-login=2|1:0|10:1764112000|20:jupyterhub-hub-login|4:c2Vj|c20ad4d76fe97759aa27a0c99bff6710",
        "c20ad4d76fe97759aa27a0c99bff6710",
        "jupyterhub-hub-login=[redacted]",
    ),
    "user-server-cookie": (
        "jupyterhub-user-alice=2|1:0|10:1764112000|21:jupyterhub-user-alice|40:c51ce410c124a10e0db5e4b97fc2af39",
        "c51ce410c124a10e0db5e4b97fc2af39",
        "jupyterhub-user-alice=[redacted]",
    ),
    "xsrf-in-query": (
        hub(
            "403 POST /hub/api/users/alice/server?_xsrf=2|aab3238922bcc25a6f606eb525ffdc56|1764112000 (alice@10.1.2.3) 4.1ms",
            "W",
        ),
        "aab3238922bcc25a6f606eb525ffdc56",
        "/server?_xsrf=[redacted] (alice@10.1.2.3)",
    ),
    "xsrf-in-form-body": (
        hub(
            "body: b'_xsrf=2|9bf31c7ff062936a96d3c8bd1f8f2ff3|1764112000&username=alice&password=hunter2-plain'",
            "D",
            "login:120",
        ),
        "9bf31c7ff062936a96d3c8bd1f8f2ff3",
        "b'_xsrf=[redacted]&username=alice&password=[redacted]'",
    ),
    "form-password": (
        hub("body: b'_xsrf=[secret]&username=alice&password=Tr0ub4dor-and-3'", "D", "login:120"),
        "Tr0ub4dor-and-3",
        "&username=alice&password=[redacted]'",
    ),
    "client-secret-config": (
        "c.GitHubOAuthenticator.client_secret = 'c74d97b01eae257e44aa9d5bade97baf'",
        "c74d97b01eae257e44aa9d5bade97baf",
        "c.GitHubOAuthenticator.client_secret = '[redacted]'",
    ),
    "client-secret-json": (
        '{"client_id": "jupyterhub-user-alice", "client_secret": "70efdf2ec9b086079795c442636b55fb"}',
        "70efdf2ec9b086079795c442636b55fb",
        '"client_id": "jupyterhub-user-alice", "client_secret": "[redacted]"}',
    ),
    "client-secret-env": (
        "OAUTH_CLIENT_SECRET=6f4922f45568161a8cdf4ad2299f6d23",
        "6f4922f45568161a8cdf4ad2299f6d23",
        "OAUTH_CLIENT_SECRET=[redacted]",
    ),
    "postgresql-password": (
        hub(
            "Failed to connect to db: postgresql://jupyterhub:Pg-s3cret-1f0e@db:5432/jupyterhub",
            "E",
            "app:3000",
        ),
        "Pg-s3cret-1f0e",
        "postgresql://jupyterhub:[redacted]@db:5432/jupyterhub",
    ),
    "mysql-password": (
        "sqlalchemy.exc.OperationalError: (1045) mysql+pymysql://hub:My%40Sql-8d7c@mysql:3306/hub",
        "My%40Sql-8d7c",
        "mysql+pymysql://hub:[redacted]@mysql:3306/hub",
    ),
    "url-password-any-scheme": (
        "c.JupyterHub.db_url = 'redis://default:r3dis-a87ff679@redis:6379/0'",
        "r3dis-a87ff679",
        "redis://default:[redacted]@redis:6379/0",
    ),
    "jpy-cookie-secret": (
        "JPY_COOKIE_SECRET=e4d909c290d0fb1ca068ffaddf22cbd0e4d909c290d0fb1ca068ffaddf22cbd0",
        "e4d909c290d0fb1ca068ffaddf22cbd0",
        "JPY_COOKIE_SECRET=[redacted]",
    ),
    "jupyterhub-crypt-key": (
        "export JUPYTERHUB_CRYPT_KEY=0d61f8370cad1d412f80b84d143e1257ab1e5b3bdfd6a1b5b3b1e3b9c1d2e3f4",
        "0d61f8370cad1d412f80b84d143e1257",
        "export JUPYTERHUB_CRYPT_KEY=[redacted]",
    ),
    "configproxy-auth-token": (
        "    CONFIGPROXY_AUTH_TOKEN: cb0753d4ab1e9f5b8e4c2f0a6d8e7f91",
        "cb0753d4ab1e9f5b8e4c2f0a6d8e7f91",
        "CONFIGPROXY_AUTH_TOKEN: [redacted]",
    ),
    "jupyterhub-api-token": (
        hub(
            "Starting host with config: {'environment': {'JUPYTERHUB_API_TOKEN': "
            "'0f0e0d0c0b0a09080706050403020100', 'JUPYTERHUB_CLIENT_ID': 'jupyterhub-user-alice'}}",
            "D",
            "dockerspawner:1212",
        ),
        "0f0e0d0c0b0a09080706050403020100",
        "'JUPYTERHUB_API_TOKEN': '[redacted]', 'JUPYTERHUB_CLIENT_ID': 'jupyterhub-user-alice'",
    ),
    "jpy-api-token": (
        "JPY_API_TOKEN='f1e2d3c4b5a697887766554433221100'",
        "f1e2d3c4b5a697887766554433221100",
        "JPY_API_TOKEN='[redacted]'",
    ),
    "env-any-token": (
        "      - GITHUB_TOKEN=ghp_Xy7Qp2Lm9Rt4Vw8Zb1Nc5Kd3Hf6Js0Ga",
        "ghp_Xy7Qp2Lm9Rt4Vw8Zb1Nc5Kd3Hf6Js0Ga",
        "- GITHUB_TOKEN=[redacted]",
    ),
    "env-any-secret": (
        "'MY_SERVICE_SECRET': 'svc-secret-3c59dc04'",
        "svc-secret-3c59dc04",
        "'MY_SERVICE_SECRET': '[redacted]'",
    ),
    "env-any-key": (
        "AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SECRET_ACCESS_KEY: [redacted]",
    ),
    "env-any-password": (
        '  POSTGRES_PASSWORD="pg-pass-b53b3a3d"',
        "pg-pass-b53b3a3d",
        'POSTGRES_PASSWORD="[redacted]"',
    ),
    "env-password-starting-with-dollar": (
        "NB_PASSWORD=$ecret-4e732ced",
        "$ecret-4e732ced",
        "NB_PASSWORD=[redacted]",
    ),
    "env-password-inside-name": (
        "export LDAP_BIND_PASSWORD_PLAIN=ldap-9f61408e",
        "ldap-9f61408e",
        "export LDAP_BIND_PASSWORD_PLAIN=[redacted]",
    ),
    "k8s-env-list": (
        "{'name': 'JUPYTERHUB_API_TOKEN', 'value': '72b32a1f754ba1c09b3695e0cb6cde7f'}",
        "72b32a1f754ba1c09b3695e0cb6cde7f",
        "{'name': 'JUPYTERHUB_API_TOKEN', 'value': '[redacted]'}",
    ),
    "cookie-secret-config-hex": (
        "c.JupyterHub.cookie_secret = bytes.fromhex('66f041e16a60928b05a7e228a89c3799"
        "66f041e16a60928b05a7e228a89c3799')",
        "66f041e16a60928b05a7e228a89c3799",
        "c.JupyterHub.cookie_secret = bytes.fromhex('[redacted]')",
    ),
    "cookie-secret-config-bytes": (
        "c.JupyterHub.cookie_secret = b'raw-cookie-secret-093f65e0'",
        "raw-cookie-secret-093f65e0",
        "c.JupyterHub.cookie_secret = b'[redacted]'",
    ),
    "proxy-auth-token-config": (
        "c.ConfigurableHTTPProxy.auth_token = '072b030ba126b2f4b2374f342be9ed44'",
        "072b030ba126b2f4b2374f342be9ed44",
        "c.ConfigurableHTTPProxy.auth_token = '[redacted]'",
    ),
    "service-api-token-config": (
        "c.JupyterHub.services = [{'name': 'idle-culler', 'api_token': '7f39f8317fbdb1988ef4c628eba02591'}]",
        "7f39f8317fbdb1988ef4c628eba02591",
        "[{'name': 'idle-culler', 'api_token': '[redacted]'}]",
    ),
    "api-tokens-dict-config": (
        "c.JupyterHub.api_tokens = {'44f683a84163b3523afe57c2e008bc8c': 'service-admin'}",
        "44f683a84163b3523afe57c2e008bc8c",
        "c.JupyterHub.api_tokens = {'[redacted]': '[redacted]'}",
    ),
    "auth-token-cli-flag": (
        "configurable-http-proxy --ip '' --port 8000 --auth-token 03afdbd66e7929b125f8597834fa83a4",
        "03afdbd66e7929b125f8597834fa83a4",
        "--port 8000 --auth-token [redacted]",
    ),
    "auth-token-traitlets-flag": (
        "['jupyterhub', '--ConfigurableHTTPProxy.auth_token', 'ea5d2f1c4608232e07d3aa3d998e5135']",
        "ea5d2f1c4608232e07d3aa3d998e5135",
        "'--ConfigurableHTTPProxy.auth_token', '[redacted]']",
    ),
    "hex-after-token-word": (
        hub("Token for service idle-culler: fc490ca45c00b1249bbe3554a4fdf6fb", "D", "app:2200"),
        "fc490ca45c00b1249bbe3554a4fdf6fb",
        "Token for service idle-culler: [redacted]",
    ),
    "base64-after-secret-word": (
        hub("cookie secret loaded: Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUo=", "D", "app:1900"),
        "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUo=",
        "cookie secret loaded: [redacted]",
    ),
}


@pytest.mark.parametrize("form", SECRETS)
def test_secret_is_replaced_and_its_key_kept(form):
    line, planted, kept = SECRETS[form]
    assert planted in line  # the case plants what it checks
    out = excerpt(line, whole=True)
    assert planted not in out
    assert kept in out
    # Names are replaced after secrets: never does that bring one back.
    named = excerpt(line, whole=True, names=True)
    assert planted not in named
    assert redact.REDACTED in named


def test_secrets_are_replaced_in_the_default_excerpt_too():
    """The excerpt (not --all) goes through the same redaction: one log, every form."""
    lines = [hub(f"event {n}", "W", "app:1") for n in range(3)]
    lines += [hub(line, "E", "app:1") for line, _, _ in SECRETS.values()]
    out = excerpt(*lines)
    for form, (_, planted, _) in SECRETS.items():
        assert planted not in out, form


DIAGNOSTIC = [
    hub("Invalid cookie token", "W", "base:523"),
    "[W 2026-11-25 23:24:20.001 JupyterHub web:1873] 403 GET /hub/api/user (127.0.0.1): "
    "Missing or invalid credentials",
    hub("302 GET /hub/oauth_callback?code=[secret]&state=[secret] -> /hub/spawn (@10.1.2.3) 9ms"),
    '      "Authorization": "token [secret]",',
    '      "Cookie": "jupyterhub-session-id=[secret]; _xsrf=[secret]",',
    hub("Generating new CONFIGPROXY_AUTH_TOKEN", "I", "proxy:557"),
    hub("Loading cookie_secret from /srv/jupyterhub/jupyterhub_cookie_secret", "I", "app:1800"),
    hub("Cookie secret is 16 bytes.  It should be 32.", "W", "app:1260"),
    hub("Client secret mismatch for jupyterhub-user-alice", "W", "provider:71"),
    hub("OAuth client jupyterhub-user-alice present without secret", "W", "provider:431"),
    hub("Setting cookie jupyterhub-session-id: {'httponly': True, 'path': '/'}", "D", "base:724"),
    hub(
        "Saving bearer token {'access_token': 'REDACTED', 'token_type': 'Bearer', "
        "'state': 'REDACTED'}",
        "D",
        "provider:348",
    ),
    hub("Token stored in cookie may have expired", "W", "auth:1034"),
    hub("Not accepting incorrect xsrf token id in cookie on /hub/api/users", "W", "_xsrf:177"),
    hub("Failed to connect to db: postgresql://jupyterhub:***@db:5432/jupyterhub", "E", "app:1"),
    "export JUPYTERHUB_CRYPT_KEY=$(openssl rand -hex 32)",
    "      - JPY_COOKIE_SECRET=${COOKIE_SECRET}",
    "DB_PASSWORD=$PGPASSWORD",
    "c.JupyterHub.cookie_secret_file = '/srv/jupyterhub/jupyterhub_cookie_secret'",
    "c.JupyterHub.ssl_key = '/etc/jupyterhub/ssl/hub.key'",
    "c.JupyterHub.cookie_secret = os.environ['JPY_COOKIE_SECRET']",
    "    api_token = os.environ['JUPYTERHUB_API_TOKEN']",
    "KeyError: 'api_token'",
    "ValueError: Encryption keys must be specified in JUPYTERHUB_CRYPT_KEY env",
    "2026-11-25T23:26:05.595Z [ConfigProxy] warn: 403 GET /api/routes",
]


def test_diagnostic_text_survives():
    out = excerpt(*DIAGNOSTIC, whole=True)
    for line in DIAGNOSTIC:
        assert line in out.splitlines(), line
    assert redact.REDACTED not in out


# ------------------------------------------------------------------------ lines and context


def filler(count: int, start: int = 0) -> list[str]:
    """Healthy lines no symptom matches."""
    return [
        f"[I 2026-11-25 23:{(start + n) // 60:02d}:{(start + n) % 60:02d}.000 JupyterHub "
        f"log:192] 200 GET /hub/api (@172.18.0.3) 0.{n:02d}ms"
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def symptom_line(catalogue) -> str:
    """A one-line info record with a documented symptom in it."""
    for entry in catalogue:
        for symptom in entry.symptoms:
            message = symptom.message
            if entry.kind == "problem" and "\n" not in message and "Traceback" not in message:
                line = hub(message)
                if redact.level(line) == "I" and matcher.diagnose(line):
                    return line
    pytest.fail("no one-line symptom in the catalogue")


def test_filler_matches_nothing():
    assert not matcher.diagnose("\n".join(filler(40)))


@pytest.mark.parametrize("context", [0, 1, 3])
def test_matched_line_with_context_and_omission_markers(symptom_line, context):
    lines = filler(20) + [symptom_line] + filler(20, 20)
    out = excerpt(*lines, context=context)
    body = out.split("```text\n")[1].split("\n```")[0].splitlines()
    shown = lines[20 - context : 21 + context]
    assert body == [
        f"[... {20 - context} lines left out ...]",
        *shown,
        f"[... {20 - context} lines left out ...]",
    ]


def test_warnings_errors_and_tracebacks_are_kept_in_order():
    lines = [
        *filler(5),
        hub("403 GET /hub/api/users (@10.1.2.3) 2.71ms", "W"),  # 5
        *filler(4, 10),
        hub("Unhandled error starting alice's server: the spawner broke", "E", "user:1069"),  # 10
        "    Traceback (most recent call last):",
        '      File "/usr/local/lib/python3.11/site-packages/jupyterhub/user.py", line 1002',
        "        url = await spawner.start()",  # no documented message: a made-up failure
        "    RuntimeError: the spawner broke",
        *filler(3, 20),  # 15
        "Traceback (most recent call last):",  # 18: printed straight to stderr
        '  File "/srv/jupyterhub/jupyterhub_config.py", line 3, in <module>',
        "    c.Spawner.cmd = cmd()",
        "NameError: name 'cmd' is not defined",
        "",
        "During handling of the above exception, another exception occurred:",
        "",
        "Traceback (most recent call last):",
        '  File "/usr/local/bin/jupyterhub", line 8, in <module>',
        "RuntimeError: config failed",  # 27
        *filler(2, 30),
        hub("Hub is shutting down", "C", "app:1"),  # 30
        "2026-11-25T23:26:05.595Z [ConfigProxy] error: No error file /srv/error/500.html",
        *filler(2, 40),
    ]
    assert not matcher.diagnose("\n".join(lines))  # only levels and tracebacks choose here
    body = excerpt(*lines).split("```text\n")[1].split("\n```")[0].splitlines()
    assert body == [
        "[... 5 lines left out ...]",
        lines[5],
        "[... 4 lines left out ...]",
        *lines[10:15],
        "[... 3 lines left out ...]",
        *lines[18:28],
        "[... 2 lines left out ...]",
        *lines[30:32],
        "[... 2 lines left out ...]",
    ]


def test_one_omitted_line_is_singular_and_all_keeps_everything(symptom_line):
    lines = [*filler(1), hub("slow", "W"), *filler(1, 5)]
    assert "[... 1 line left out ...]" in excerpt(*lines, context=0)
    out = excerpt(*lines, symptom_line, whole=True)
    assert "left out" not in out
    assert all(line in out for line in lines)


def test_no_match_and_no_warning_shows_the_end_of_the_log():
    lines = filler(redact.TAIL + 10)
    body = excerpt(*lines).split("```text\n")[1].split("\n```")[0].splitlines()
    assert body == ["[... 10 lines left out ...]", *lines[10:]]


def test_colour_codes_are_removed_and_a_fence_in_the_log_does_not_close_ours():
    out = excerpt(
        "\x1b[33m[W 2026-11-25 23:24:10.503 JupyterHub app:1]\x1b[0m slow", "```", whole=True
    )
    assert "\x1b" not in out
    assert out.startswith("````text\n") and out.endswith("\n````\n")


# --------------------------------------------------------------------------------- versions


def test_versions_head_the_excerpt():
    startup = (
        "Running JupyterHub version 6.1.1",
        "Using Authenticator: oauthenticator.github.GitHubOAuthenticator-17.3.0",
        "Using Spawner: dockerspawner.dockerspawner.DockerSpawner-14.0.0",
        "Using Proxy: jupyterhub.proxy.ConfigurableHTTPProxy-6.1.1",
        "Starting jupyterhub single-user server extension version 6.1.1",
    )
    traceback = '  File "/usr/local/lib/python3.12/site-packages/jupyterhub/app.py", line 3, in f'
    lines = ["$ configurable-http-proxy --version", "5.0.1"]
    lines += [hub(message, "I", "app:3524") for message in startup]
    lines += [traceback, hub("Timeout", "E", "user:1")]
    header = excerpt(*lines).split("\n\n```text")[0]
    assert header.splitlines() == [
        "- JupyterHub 6.1.1",
        "- Authenticator: `oauthenticator.github.GitHubOAuthenticator` 17.3.0",
        "- Spawner: `dockerspawner.dockerspawner.DockerSpawner` 14.0.0",
        "- Proxy: `jupyterhub.proxy.ConfigurableHTTPProxy` 6.1.1",
        "- jupyterhub-singleuser 6.1.1",
        "- configurable-http-proxy 5.0.1",
        "- Python 3.12",
    ]


def test_node_npm_and_windows_head_the_excerpt():
    """What npm's error report, Node.js's last line of a crash and a Windows path say."""
    lines = [
        "npm ERR! code ENOENT",
        "npm ERR! node v12.22.9",
        "npm ERR! npm  v8.5.1",
        "Node.js v18.19.0",
        r'  File "C:\Python311\Lib\site-packages\jupyterhub\app.py", line 3, in f',
        hub("Timeout", "E", "user:1"),
    ]
    header = excerpt(*lines).split("\n\n```text")[0]
    assert header.splitlines() == [
        "- Node.js 12.22.9, 18.19.0",
        "- npm 8.5.1",
        "- Platform: Windows",
    ]
    assert excerpt(hub("x:/y/ and ab:\\x\\ are no Windows paths", "E")).startswith("```text\n")


def test_no_versions_no_header():
    assert excerpt(hub("Timeout", "E")).startswith("```text\n")


# ------------------------------------------------------------------------------------ names

CREATED = "Created container jupyter-alice (id: 1c2d3e4) from image quay.io/jupyter/base-notebook"
NAMED = [
    hub("302 GET /hub/oauth_callback?code=[secret] -> /hub/spawn (alice@10.1.2.3) 12.34ms"),
    hub("302 GET /hub/spawn -> /hub/spawn-pending/alice (alice@10.1.2.3) 3.10ms"),
    hub(CREATED, "I", "dockerspawner:1319"),
    hub("User bob took 1.204 seconds to start", "I", "users:1193"),
    hub("bob's server failed to start in 30 seconds, giving up", "E", "user:1059"),
    hub("No such server 'gpu' for user 'carol.d'", "W", "base:1167"),
    hub("200 POST /hub/api/users/carol.d/activity (carol.d@::ffff:10.1.2.4) 13.95ms"),
    hub("OAuth client jupyterhub-user-alice present without secret", "W", "provider:431"),
    hub("Logged-in user alice from 192.168.7.20 and fe80::1ff:fe23:4567:890a"),
    hub("302 GET /hub/login?next=%2Fhub%2Fuser%2Fdan%2F -> /hub/oauth_login (@10.1.2.3) 0.8ms"),
    hub("Proxying 127.0.0.1:8081 0.0.0.0:8000 [::1]:8001 :: to 10.1.2.3 for alice"),
]


def test_names_and_addresses_are_replaced_consistently():
    out = excerpt(*NAMED, whole=True, names=True)
    body = out.split("```text\n")[1].split("\n```")[0].splitlines()
    for name in ("alice", "bob", "carol", "dan", "10.1.2.3", "10.1.2.4", "192.168.7.20", "fe80"):
        assert name not in out, name
    assert "(user1@10.0.0.1)" in body[0]
    assert "/hub/spawn-pending/user1 (user1@10.0.0.1)" in body[1]
    assert "container jupyter-user1 (id" in body[2]
    assert "User user2 took" in body[3]
    assert "user2's server failed" in body[4]
    assert "for user 'user3'" in body[5]
    assert "/hub/api/users/user3/activity (user3@::ffff:10.0.0.2)" in body[6]
    assert "client jupyterhub-user-user1 present" in body[7]
    assert "user user1 from 10.0.0.3 and 10.0.0.4" in body[8]
    assert "next=%2Fhub%2Fuser%2Fuser4%2F" in body[9]
    # Loopback, any-address and their IPv6 forms say where things listen: kept.
    assert "Proxying 127.0.0.1:8081 0.0.0.0:8000 [::1]:8001 :: to 10.0.0.1 for user1" in body[10]


def test_names_leave_words_of_the_log_alone():
    lines = [
        hub("200 GET /hub/admin (admin@10.1.2.3) 3ms"),
        hub("User admin is not allowed", "W", "auth:1"),
        hub("500 GET /user/jo/lab (jo@10.1.2.3) 2ms", "E"),
        hub("jo: a word that is also a short name, kept outside its contexts", "W"),
    ]
    body = excerpt(*lines, whole=True, names=True).split("```text\n")[1].splitlines()
    assert "GET /hub/admin (user1@10.0.0.1)" in body[0]  # the page keeps its path
    assert "User user1 is not allowed" in body[1]
    assert "GET /user/user2/lab (user2@10.0.0.1)" in body[2]
    assert body[3].endswith("jo: a word that is also a short name, kept outside its contexts")


def test_a_cookie_name_without_a_user_name_is_left_whole():
    """`jupyterhub-user--oauth-state` names no user: nothing is replaced inside it."""
    line = hub("cookie jupyterhub-user--oauth-state not found", "W")
    out = excerpt(line, whole=True, names=True)
    assert "jupyterhub-user--oauth-state" in out and "user1" not in out


def test_without_names_they_stay():
    out = excerpt(*NAMED, whole=True)
    assert "(alice@10.1.2.3)" in out and "User bob took" in out


# ------------------------------------------------------------------------------ the command

LOG = (
    "\n".join(
        [
            hub("Running JupyterHub version 6.1.1", "I", "app:3493"),
            *filler(5),
            hub(
                "403 GET /hub/api/user?token=5ebe2294ecd0e0f08eab7690d2a6ee69 (@10.1.2.3) 2ms", "W"
            ),
            *filler(5, 10),
        ]
    )
    + "\n"
)


def redact_cli(*args: str, input: bytes | None = None, shell: str | None = None):
    command = [sys.executable, "-m", "troubleshoot", "redact", *args]
    if shell:  # bash for process substitution and pipes
        command = ["bash", "-c", shell.replace("REDACT", " ".join(command))]
    return subprocess.run(
        command, cwd=ROOT, input=input, capture_output=True, timeout=60, check=False
    )


def assert_redacted(result):
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "5ebe2294ecd0e0f08eab7690d2a6ee69" not in out
    assert "/hub/api/user?token=[redacted] (@10.1.2.3)" in out
    assert out.startswith("- JupyterHub 6.1.1\n\n```text\n")
    assert b"read the excerpt before you post it" in result.stderr


@pytest.fixture
def log_file(tmp_path):
    path = tmp_path / "jupyterhub.log"
    path.write_text(LOG)
    return path


def test_cli_file(log_file):
    assert_redacted(redact_cli(str(log_file)))


@pytest.mark.parametrize("args", [(), ("-",), ("/dev/stdin",)])
def test_cli_standard_input(args):
    assert_redacted(redact_cli(*args, input=LOG.encode()))


def test_cli_process_substitution_and_pipe(log_file):
    assert_redacted(redact_cli(shell=f"REDACT <(cat {log_file})"))
    assert_redacted(redact_cli(shell=f"cat {log_file} | REDACT"))


def test_cli_gzip(tmp_path):
    path = tmp_path / "jupyterhub.log.gz"
    path.write_bytes(gzip.compress(LOG.encode()))
    assert_redacted(redact_cli(str(path)))
    assert_redacted(redact_cli(input=gzip.compress(LOG.encode())))


def test_cli_names_and_all(log_file):
    result = redact_cli(str(log_file), "--names", "--all")
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "(@10.0.0.1)" in out and "10.1.2.3" not in out and "left out" not in out


def one_line_error(result, *words: str) -> str:
    assert result.returncode == 2
    assert result.stdout == b""
    err = result.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("redact: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


def test_cli_directory(tmp_path):
    one_line_error(redact_cli(str(tmp_path)), str(tmp_path), "is a directory", "log file")


def test_cli_missing_file(tmp_path):
    one_line_error(redact_cli(str(tmp_path / "nope.log")), "nope.log", "no such file")


def test_cli_binary(tmp_path):
    path = tmp_path / "hub.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 4)
    one_line_error(redact_cli(str(path)), str(path), "binary")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_cli_empty(tmp_path, content):
    path = tmp_path / "empty.log"
    path.write_bytes(content)
    one_line_error(redact_cli(str(path)), str(path), "empty")
    one_line_error(redact_cli(input=content), "empty")


def test_cli_negative_context(log_file):
    one_line_error(redact_cli(str(log_file), "--context", "-1"), "--context")


def test_cli_terminal_without_a_file():
    """No file and a terminal on stdin: say how to give the log instead of waiting."""
    import pty

    controller, terminal = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "troubleshoot", "redact"],
            cwd=ROOT,
            stdin=terminal,
            capture_output=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(controller)
        os.close(terminal)
    one_line_error(result, "standard input is a terminal", "docker logs")


def test_cli_quiet_when_the_reader_goes_away(tmp_path):
    path = tmp_path / "big.log"
    # Warnings are all kept: far more output than a pipe buffers.
    path.write_text("\n".join(hub(f"slow {n} " + "x" * 100, "W") for n in range(5000)) + "\n")
    result = redact_cli(shell=f"set -o pipefail; REDACT {path} | head -n 1")
    assert result.stdout.decode() == "```text\n"
    assert b"Traceback" not in result.stderr and b"Broken pipe" not in result.stderr
    assert b"Exception ignored" not in result.stderr
    assert result.returncode == 0


def test_cli_quiet_on_ctrl_c(tmp_path):
    fifo = tmp_path / "log.fifo"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "troubleshoot", "redact", str(fifo)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # SIGINT as at a terminal: a background job (CI) inherits it ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        # Opening the writing end succeeds once the command has opened the FIFO to read
        # it: from then on it waits in read(), where Ctrl-C reaches it.
        deadline = time.monotonic() + 30
        while True:
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.05)
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        os.close(writer)
    finally:
        process.kill()
    assert process.returncode == 130
    assert out == b"" and "Traceback" not in err.decode()
    assert re.fullmatch(rb"\s*", err)
