#!/bin/sh
# --8<-- [start:services]
# Both must be "active (running)"; the last lines are their newest log lines:
sudo systemctl status jupyterhub traefik --no-pager
# --8<-- [end:services]

# --8<-- [start:ports]
# traefik on 80 (443 with https) and 8099 (its API), the hub on 15001:
sudo ss -tlnp | grep -E ':(80|443|8099|15001) '
# --8<-- [end:ports]

# --8<-- [start:local]
# Through the proxy, then the hub directly: 200 twice when both work.
curl -sS -o /dev/null -w '%{http_code}\n' http://127.0.0.1/hub/api
curl -sS -o /dev/null -w '%{http_code}\n' http://127.0.0.1:15001/hub/api
# --8<-- [end:local]

# --8<-- [start:logs]
sudo journalctl -u jupyterhub -u traefik --since "1 hour ago" --no-pager | tail -n 80
# --8<-- [end:logs]

# --8<-- [start:address]
# The server's addresses; a cloud server's public address is in the provider's console:
ip -brief address show scope global
# --8<-- [end:address]
