# A named volume per user, from the user's name as it is: with logins such as
# e-mail addresses the name holds characters that volume names may not have.
c.DockerSpawner.volumes = {"jupyterhub-user-{raw_username}": "/home/jovyan/work"}
