"""A real LDAP server for the identity scenarios: Debian's slapd (in the hub image) with a
small directory made per scenario, in a container of its own on a hub's network, for
LDAPAuthenticator to bind against.

    directory = LdapServer(engine, image, users={"alice": "alice-password"},
                           groups={"staff": ["alice"]})
    hub = hub_factory([directory.wiring(tmp_path), page_fragment], authenticator=None)
    hub.start()
    directory.start(hub)       # on the hub's network as `ldap`, removed with the hub
    UserClient(hub).login("alice", "alice-password")

Entries: people under ou=people,dc=example,dc=org (uid=<name>, objectClass inetOrgPerson,
userPassword), groups under ou=groups (cn=<group>, groupOfNames with member DNs). The server
listens on ldap:// (389, StartTLS offered) and ldaps:// (636) with a self-signed certificate
made in its container (`certificate()`: the PEM a hub must be given to trust it). The admin
password, the users' passwords and the certificate are made per run or given by the test.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from .errors import HarnessError
from .machine import container_log, put_files, read_container_file
from .util import tail

ALIAS = "ldap"  # the server's name on the hub's network
SUFFIX = "dc=example,dc=org"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
ADMIN_DN = f"cn=admin,{SUFFIX}"
HOME = "/etc/ldap-test"
CERT = f"{HOME}/cert.pem"  # self-signed: also the CA a client trusts
KEY = f"{HOME}/key.pem"

SLAPD_CONF = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {home}/slapd.pid
TLSCertificateFile {cert}
TLSCertificateKeyFile {key}
database mdb
suffix "{suffix}"
rootdn "{admin}"
rootpw {admin_password}
directory {home}/data
# Users may read the directory once bound (LDAPAuthenticator looks users and groups up);
# anonymous clients may only bind.
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by anonymous auth
"""


def _ldif(users: dict[str, str], groups: dict[str, list[str]]) -> str:
    out = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: {GROUPS}\nobjectClass: organizationalUnit\nou: groups\n",
    ]
    for name, password in users.items():
        out.append(
            f"dn: uid={name},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {name}\ncn: {name}\n"
            f"sn: {name}\nmail: {name}@example.org\nuserPassword: {password}\n"
        )
    for group, members in groups.items():
        lines = [f"dn: cn={group},{GROUPS}", "objectClass: groupOfNames", f"cn: {group}"]
        lines += [f"member: uid={m},{PEOPLE}" for m in members] or [f"member: {ADMIN_DN}"]
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


class LdapServer:
    def __init__(
        self,
        engine,
        image,
        users: dict[str, str] | None = None,
        groups: dict[str, list[str]] | None = None,
    ):
        """users: name -> password (each an inetOrgPerson under ou=people); groups:
        name -> member user names (groupOfNames under ou=groups)."""
        self.engine = engine
        self.image = getattr(image, "tag", image)
        self.users = dict(users or {})
        self.groups = dict(groups or {})
        self.admin_password = secrets.token_hex(12)
        self.container = None

    def wiring(self, tmp_path: Path, name: str = "ldap-server") -> Path:
        """A test-only config fragment: LDAPAuthenticator pointed at this server (its
        address only; put it first, so page fragments set the rest)."""
        text = (
            'c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator"\n'
            f"c.LDAPAuthenticator.server_address = {ALIAS!r}\n"
        )
        path = tmp_path / f"test-only-{name}.py"
        path.write_text(f"# test-only: the scenario's LDAP server\n{text}")
        return path

    def start(self, hub, timeout: float = 30.0) -> None:
        """Run slapd on `hub`'s network (start the hub first: its network exists then)."""
        if hub.network is None:
            raise HarnessError("start the hub before its LDAP server (directory.start(hub))")
        conf = SLAPD_CONF.format(
            home=HOME,
            cert=CERT,
            key=KEY,
            suffix=SUFFIX,
            admin=ADMIN_DN,
            admin_password=self.admin_password,
        )
        script = (
            "set -e\n"
            f"mkdir -p {HOME}/data\n"
            f"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -keyout {KEY} -out {CERT}"
            f" -subj /CN={ALIAS} -addext subjectAltName=DNS:{ALIAS} 2>/dev/null\n"
            f"slapadd -f {HOME}/slapd.conf -l {HOME}/directory.ldif\n"
            "echo 'slapd: directory loaded'\n"
            # -d stats: slapd stays in the foreground and logs each bind and search.
            f"exec slapd -f {HOME}/slapd.conf -h 'ldap:/// ldaps:///' -d stats\n"
        )
        endpoint = self.engine.client.api.create_endpoint_config(aliases=[ALIAS])
        self.container = self.engine.client.containers.create(
            self.image,
            command=["/bin/sh", f"{HOME}/run.sh"],
            name=f"{hub.container_name}-ldap",
            labels=self.engine.labels("helper", hub=hub.id),
            network=hub.network_name,
            networking_config={hub.network_name: endpoint},
        )
        put_files(
            self.container,
            {
                f"{HOME.lstrip('/')}/slapd.conf": conf.encode(),
                f"{HOME.lstrip('/')}/directory.ldif": _ldif(self.users, self.groups).encode(),
                f"{HOME.lstrip('/')}/run.sh": script.encode(),
            },
        )
        self.container.start()
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.container.reload()
            if self.container.status == "exited":
                break
            probe = self.container.exec_run(
                ["ldapsearch", "-x", "-H", "ldap://127.0.0.1", "-D", ADMIN_DN, "-w",
                 self.admin_password, "-b", SUFFIX, "-s", "base", "dn"]
            )  # fmt: skip
            if probe.exit_code == 0:
                return
            time.sleep(0.3)
        raise HarnessError(f"the LDAP server did not answer.\nIts log:\n{tail(self.log())}")

    def log(self) -> str:
        return container_log(self.container)

    def certificate(self) -> str:
        """The server's self-signed certificate, to give to a hub that must trust it."""
        return read_container_file(self.container, CERT) or ""
