#!/bin/sh
# --8<-- [start:starttls]
# On the hub's machine: connect to the LDAP port, switch to TLS with StartTLS (-ZZ) and
# check the server's certificate against the CA file the hub is given. Prints
# "anonymous" when the address, the port, StartTLS and the certificate are all right.
server=ldap.example.org
ca=/etc/jupyterhub/ldap-ca.pem
LDAPTLS_CACERT="$ca" ldapwhoami -x -ZZ -H "ldap://$server:389"
# --8<-- [end:starttls]

# --8<-- [start:ldaps]
# The same for a server that wants TLS from the start (ldaps, port 636).
server=ldap.example.org
ca=/etc/jupyterhub/ldap-ca.pem
LDAPTLS_CACERT="$ca" ldapwhoami -x -H "ldaps://$server:636"
# --8<-- [end:ldaps]

# --8<-- [start:try]
# Log one user in with LDAPAuthenticator and the hub's own configuration file, outside
# the hub: run it on the hub's machine with the hub's Python. It asks for the user's
# password (or takes it from LDAP_PASSWORD) and prints every step: the DN it binds as,
# the search it makes, and why it refuses. The last line is the user's name when the
# login works, and None when it does not; a connection or TLS problem ends in the same
# exception as in the hub's log.
config=/etc/jupyterhub/jupyterhub_config.py
username=alice
python3 - "$config" "$username" <<'PYTHON'
import asyncio, getpass, logging, os, sys

from ldapauthenticator import LDAPAuthenticator
from traitlets.config import PyFileConfigLoader

logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(message)s")
config = PyFileConfigLoader(sys.argv[1]).load_config()
authenticator = LDAPAuthenticator(config=config, log=logging.getLogger("ldap"))
username = sys.argv[2]
password = os.environ.get("LDAP_PASSWORD") or getpass.getpass(f"Password of {username}: ")
user = asyncio.run(authenticator.authenticate(None, {"username": username, "password": password}))
print(user and user["name"])
PYTHON
# --8<-- [end:try]
