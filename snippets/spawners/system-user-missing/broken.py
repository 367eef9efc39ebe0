# LocalProcessSpawner (JupyterHub's default spawner) runs each user's server as a process
# of that user's own account on the hub's machine. The authenticator decides who may log
# in; it does not create accounts. A user it lets in who has no account there (a GitHub or
# LDAP login, a user added on the admin page) logs in, and then gets no server.
c.JupyterHub.spawner_class = "localprocess"
