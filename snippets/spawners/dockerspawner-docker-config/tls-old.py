# A TLS set-up written for docker-py 6 or older: TLSConfig no longer takes
# assert_hostname (nor ssl_version) since docker-py 7.0.
c.DockerSpawner.client_kwargs = {"base_url": "tcp://docker-engine.internal:2376"}
c.DockerSpawner.tls_config = {
    "ca_cert": "/etc/jupyterhub/docker-tls/ca.pem",
    "client_cert": (
        "/etc/jupyterhub/docker-tls/cert.pem",
        "/etc/jupyterhub/docker-tls/key.pem",
    ),
    "verify": True,
    "assert_hostname": False,
}
