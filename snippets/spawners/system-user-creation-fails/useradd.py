# --8<-- [start:useradd]
# Red Hat, Fedora, Rocky, AlmaLinux and SUSE: adduser there is useradd, which has no -q
# or --gecos. -m makes the home directory the user's server starts in.
c.LocalAuthenticator.add_user_cmd = ["useradd", "-m"]
# --8<-- [end:useradd]
