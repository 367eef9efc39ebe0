# An engine on another machine, reached over TCP with TLS (dockerd --tlsverify): the
# engine's CA certificate, and a client certificate and key that this CA signed, readable
# by the hub's user only. The host name must be one that the engine's certificate names.
c.DockerSpawner.client_kwargs = {"base_url": "tcp://docker-engine.internal:2376"}
c.DockerSpawner.tls_config = {
    "ca_cert": "/etc/jupyterhub/docker-tls/ca.pem",
    "client_cert": (
        "/etc/jupyterhub/docker-tls/cert.pem",
        "/etc/jupyterhub/docker-tls/key.pem",
    ),
    "verify": True,
}
