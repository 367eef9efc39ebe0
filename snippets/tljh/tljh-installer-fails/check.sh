#!/bin/sh
# --8<-- [start:system]
# TLJH 2.0.0 wants ID=ubuntu with VERSION_ID 22.04 or newer, or ID=debian with 11 or newer:
grep -E '^(ID|VERSION_ID)=' /etc/os-release
# x86_64 or aarch64; armv7l and i686 are 32-bit and cannot run TLJH:
uname -m
python3 --version
# --8<-- [end:system]

# --8<-- [start:log]
# The last "Ran ... with exit code" line names the failed command; its output follows it:
sudo tail -n 60 /opt/tljh/installer.log
sudo grep -n 'with exit code' /opt/tljh/installer.log | tail -n 5
# --8<-- [end:log]

# --8<-- [start:apt]
# The lines starting with E: name the repository that fails:
sudo apt-get update
# --8<-- [end:apt]

# --8<-- [start:network]
# Each should print an HTTP status (200, 301 or 302), not an error:
for url in https://pypi.org/simple/pip/ https://github.com/ https://conda.anaconda.org/conda-forge/; do
  curl -sS -o /dev/null -w "%{http_code} $url\n" "$url"
done
# --8<-- [end:network]
