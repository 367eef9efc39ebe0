"""A real OpenID Connect provider for the identity scenarios: the certified `oidc-provider`
package from npm (idp/provider.mjs, installed in the hub image), in a container of its own
on a hub's network, for OAuthenticator's GenericOAuthenticator to sign users in with.

    idp = OidcProvider(engine, image, accounts={"alice": {"preferred_username": "alice"}})
    hub = hub_factory([idp.wiring(tmp_path), page_fragment], authenticator=None)
    hub.start()
    idp.start(hub)                       # on the hub's network, labelled with the hub
    last = idp.sign_in(client, "alice")  # the hub's OAuth login through the provider's forms

The browser (the harness's UserClient on the host) reaches the provider on a port published
on 127.0.0.1 (`browser_url`); the hub reaches it by name on its network (`internal_url`), as
a hub reaches a provider on its own network. Client secret, signing keys and certificates are
made per run; nothing secret is committed.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from html import unescape
from pathlib import Path

import requests

from .errors import HarnessError
from .machine import container_log, put_files, read_container_file
from .util import free_port, tail

ALIAS = "idp"  # the provider's name on the hub's network
PORT = 9000  # where it listens in its container
CONFIG = "/etc/idp/config.json"
CERT = "/etc/idp/cert.pem"  # with tls=True: its self-signed certificate (also the CA)
KEY = "/etc/idp/key.pem"
CALLBACK = "hub/oauth_callback"  # OAuthenticator's callback, under the hub's URL

_FORM = re.compile(r"<form\b[^>]*\baction=\"([^\"]+)\"[^>]*>(.*?)</form>", re.S | re.I)
_HIDDEN = re.compile(r"<input\b[^>]*type=\"hidden\"[^>]*>", re.I)
_ATTR = re.compile(r"\b(name|value)=\"([^\"]*)\"")


class OidcProvider:
    def __init__(
        self,
        engine,
        image,
        accounts: dict | None = None,
        *,
        client_id: str = "jupyterhub",
        redirect_uris: list[str] | None = None,
        tls: bool = False,
    ):
        """accounts: login -> its claims (`sub` is the login); any other login signs in
        with `sub` alone. redirect_uris: the callback URLs the client may use (default:
        the hub's own callback, known once it runs). tls: serve https with a certificate
        made in the container (the hub does not trust it unless a test gives it CERT)."""
        self.engine = engine
        self.image = getattr(image, "tag", image)
        self.accounts = dict(accounts or {})
        self.client_id = client_id
        self.client_secret = secrets.token_hex(16)
        self.redirect_uris = redirect_uris
        self.tls = tls
        self.host_port = free_port()
        self.container = None

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def browser_url(self) -> str:
        """The provider's URL for browsers (the host), also its issuer."""
        return f"{self.scheme}://127.0.0.1:{self.host_port}"

    @property
    def internal_url(self) -> str:
        """The provider's URL for the hub, on the hub's network."""
        return f"{self.scheme}://{ALIAS}:{PORT}"

    def wiring(self, tmp_path: Path, name: str = "oidc-provider") -> Path:
        """A test-only config fragment: GenericOAuthenticator pointed at this provider
        (endpoints and credentials only; put it first, so page fragments can override)."""
        text = "\n".join(
            [
                'c.JupyterHub.authenticator_class = "generic-oauth"',
                f"c.GenericOAuthenticator.client_id = {self.client_id!r}",
                f"c.GenericOAuthenticator.client_secret = {self.client_secret!r}",
                f'c.GenericOAuthenticator.authorize_url = "{self.browser_url}/auth"',
                f'c.GenericOAuthenticator.token_url = "{self.internal_url}/token"',
                f'c.GenericOAuthenticator.userdata_url = "{self.internal_url}/me"',
                "",
            ]
        )
        path = tmp_path / f"test-only-{name}.py"
        path.write_text(f"# test-only: the scenario's OpenID Connect provider\n{text}")
        return path

    def start(self, hub, timeout: float = 30.0) -> None:
        """Run the provider on `hub`'s network (start the hub first: its network and URL
        exist then); removed with the hub."""
        if hub.network is None or hub.host_port is None:
            raise HarnessError("start the hub before its identity provider (idp.start(hub))")
        settings = {
            "issuer": self.browser_url,
            "port": PORT,
            "clients": [
                {
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "redirect_uris": self.redirect_uris or [hub.url + CALLBACK],
                }
            ],
            "accounts": self.accounts,
        }
        command = "exec node /opt/idp/provider.mjs"
        if self.tls:
            settings["tls"] = {"key": KEY, "cert": CERT}
            command = (
                f"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -keyout {KEY} -out {CERT}"
                f" -subj /CN={ALIAS} -addext subjectAltName=DNS:{ALIAS},IP:127.0.0.1"
                f" 2>/dev/null && {command}"
            )
        endpoint = self.engine.client.api.create_endpoint_config(aliases=[ALIAS])
        self.container = self.engine.client.containers.create(
            self.image,
            command=["/bin/sh", "-c", command],
            name=f"{hub.container_name}-idp",
            labels=self.engine.labels("helper", hub=hub.id),
            ports={f"{PORT}/tcp": ("127.0.0.1", self.host_port)},
            network=hub.network_name,
            networking_config={hub.network_name: endpoint},
        )
        put_files(self.container, {CONFIG.lstrip("/"): json.dumps(settings).encode()})
        self.container.start()
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        url = f"{self.browser_url}/.well-known/openid-configuration"
        why = "no answer"
        while time.monotonic() < deadline:
            self.container.reload()
            if self.container.status == "exited":
                break
            try:
                if requests.get(url, timeout=2, verify=False).status_code == 200:
                    return
            except requests.RequestException as exc:
                why = type(exc).__name__
            time.sleep(0.3)
        raise HarnessError(
            f"the OpenID Connect provider did not answer at {url} ({why}).\n"
            f"Its log:\n{tail(self.log())}"
        )

    def log(self) -> str:
        return container_log(self.container)

    def certificate(self) -> str:
        """The provider's certificate (tls=True), to give to a hub that must trust it."""
        return read_container_file(self.container, CERT) or ""

    def sign_in(
        self, client, login: str, password: str = "any-password", start: str = "hub/oauth_login"
    ):
        """Sign `login` in to the hub through the provider, as a person does: the hub's OAuth
        login, the provider's login form, its consent form, back to the hub's callback.
        Returns the last hop (where the browser landed); stops early, returning that hop,
        when a page is not the provider's form (an error page of the provider or the hub)."""
        hop = client.get(start, verify=False)
        for _ in range(3):  # login, consent, and a spare for a second prompt
            form = _FORM.search(hop.body or "")
            if hop.status != 200 or form is None or not hop.url.startswith(self.browser_url):
                return hop
            action, inner = unescape(form.group(1)), form.group(2)
            data = {}
            for tag in _HIDDEN.findall(inner):
                attrs = dict(_ATTR.findall(tag))
                if "name" in attrs:
                    data[attrs["name"]] = unescape(attrs.get("value", ""))
            if data.get("prompt") == "login":
                data.update(login=login, password=password)
            hop = client.post(requests.compat.urljoin(hop.url, action), data=data, verify=False)
        return hop
