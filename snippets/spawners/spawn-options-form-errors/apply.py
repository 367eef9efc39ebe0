# jupyterhub: ">=5.3"
# --8<-- [start:fix]
# JupyterHub 5.3 and later: "simple" unpacks one-value fields from their lists (a
# checkbox's "on" becomes True), and apply_user_options runs before every start, the
# same way pre_spawn_hook does. Use these instead of your own options_from_form and
# pre_spawn_hook, not with them.
def apply_options(spawner, user_options):
    # Anyone may send any user_options through the REST API: check each value.
    ui = user_options.get("ui", "/lab")
    if ui not in ("/lab", "/tree"):
        raise ValueError(f"Unknown interface: {ui!r}")
    threads = int(user_options.get("threads", 1))
    if not 1 <= threads <= 4:
        raise ValueError(f"Threads must be 1 to 4, not {threads}")
    spawner.default_url = ui
    spawner.environment = {**spawner.environment, "OMP_NUM_THREADS": str(threads)}


c.Spawner.options_from_form = "simple"
c.Spawner.apply_user_options = apply_options
# --8<-- [end:fix]
