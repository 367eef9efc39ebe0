#!/bin/sh
# In the user's environment: a terminal of the user's server (File > New > Terminal in
# JupyterLab), or a shell as the user with the same environment. The server gives its
# terminals and kernels its own address (JUPYTERHUB_SERVICE_URL) and token
# (JUPYTERHUB_API_TOKEN).

# --8<-- [start:token]
# Outside the server (your own machine): the token made at /hub/token, pasted at the
# prompt. It is not shown and stays out of the shell's history; the commands below, in the
# same shell, send it.
printf 'Token from /hub/token: '
stty -echo 2>/dev/null || true
read -r JUPYTERHUB_API_TOKEN
stty echo 2>/dev/null || true
echo
export JUPYTERHUB_API_TOKEN
# --8<-- [end:token]

# --8<-- [start:api]
# The server's own state, from its REST API: its start and last activity, the running
# kernels (their state and how many browser connections each has), the open terminals.
# Elsewhere than in the server's terminal: export JUPYTERHUB_API_TOKEN (a token of the
# user's, made at /hub/token) and set server to the user's URL instead.
server=${JUPYTERHUB_SERVICE_URL:-https://hub.example.org/user/alice/}
for path in api/status api/kernels api/terminals; do
    echo "== $path"
    curl -sS -w '\nHTTP %{http_code}\n' -H "Authorization: token $JUPYTERHUB_API_TOKEN" \
        "${server%/}/$path"
done
# --8<-- [end:api]

# --8<-- [start:extensions]
# The server extensions Jupyter Server finds and whether each loads ("OK"), then
# JupyterLab's extensions if JupyterLab is installed.
jupyter server extension list 2>&1
if command -v jupyter-labextension >/dev/null; then
    jupyter labextension list 2>&1
fi
# --8<-- [end:extensions]

# --8<-- [start:kernelspecs]
# The kernels the user can start, and the directory each one is defined in.
jupyter kernelspec list
# --8<-- [end:kernelspecs]

# --8<-- [start:home]
# Room left (in bytes and in inodes) where the user's files go, who owns the home, and
# whether the user can write there.
df -h "$HOME"
df -i "$HOME"
ls -ld "$HOME"
if [ -w "$HOME" ]; then echo "$HOME: writable by $(id -un)"; else echo "$HOME: NOT writable by $(id -un)"; fi
# --8<-- [end:home]

# --8<-- [start:versions]
# The releases the user's server runs: read from the Python of jupyterhub-singleuser (the
# program the spawner starts), which need not be the first python3 on the PATH.
singleuser=$(command -v jupyterhub-singleuser) || { echo "no jupyterhub-singleuser on the PATH"; exit 1; }
userpython=$(sed -n '1s/^#! *//p' "$singleuser")
"$userpython" - <<'PY'
import importlib.metadata as md
import sys
print("python", sys.executable, sys.version.split()[0])
for name in ("jupyterhub", "jupyter_server", "jupyterlab", "notebook", "ipykernel",
             "jupyter_server_terminals", "terminado", "tornado"):
    try:
        print(name, md.version(name))
    except md.PackageNotFoundError:
        print(name, "not installed")
PY
# --8<-- [end:versions]
