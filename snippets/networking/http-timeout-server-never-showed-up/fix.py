# --8<-- [start:fix]
# A container's server must listen on the container's network interface, where the hub
# and the proxy connect. 0.0.0.0 is DockerSpawner's own default; a class-specific setting
# wins over c.Spawner.ip. Inside the container, "all addresses" is only the container's
# address on its Docker network: keep the server's port unpublished (DockerSpawner does
# not publish it when use_internal_ip is on or network_name is a user-defined network).
c.DockerSpawner.ip = "0.0.0.0"
# --8<-- [end:fix]
