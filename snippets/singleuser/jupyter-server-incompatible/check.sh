#!/bin/sh
# --8<-- [start:versions]
# The versions the users' servers run with: ask the Python that runs
# jupyterhub-singleuser (the first line of that script names it).
python=/opt/conda/bin/python
"$python" - <<'PY'
from importlib.metadata import PackageNotFoundError, version
for name in ("jupyterhub", "jupyter_server", "notebook", "jupyterlab", "tornado"):
    try:
        print(name, version(name))
    except PackageNotFoundError:
        print(name, "not installed")
PY
# --8<-- [end:versions]

# --8<-- [start:image]
# The same for a users' image, and whether the image itself sets the app.
image=quay.io/jupyterhub/singleuser:6.1.1
docker run --rm --entrypoint python3 "$image" -c 'from importlib.metadata import version as v; print("jupyterhub", v("jupyterhub")); print("jupyter_server", v("jupyter_server")); print("tornado", v("tornado"))'
docker run --rm --entrypoint env "$image" | grep JUPYTERHUB_SINGLEUSER_APP || echo "JUPYTERHUB_SINGLEUSER_APP not set in the image"
# --8<-- [end:image]
