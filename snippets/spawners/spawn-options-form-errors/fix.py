# --8<-- [start:fix]
def options_from_form(formdata):
    # Each field arrives as a list of strings: {"ui": ["/tree"], "threads": ["2"]}.
    # Keep the first value of each field; a field the form did not send stays out.
    return {key: values[0] for key, values in formdata.items() if values}


def apply_options(spawner):
    # Runs before every start: the form's, and those from the admin panel or the REST
    # API, which bring the options of the user's last start, or none at all. Anyone
    # may send any user_options through the REST API: check each value before use.
    options = spawner.user_options or {}
    ui = options.get("ui", "/lab")
    if ui not in ("/lab", "/tree"):
        raise ValueError(f"Unknown interface: {ui!r}")
    threads = int(options.get("threads", 1))
    if not 1 <= threads <= 4:
        raise ValueError(f"Threads must be 1 to 4, not {threads}")
    spawner.default_url = ui
    spawner.environment = {**spawner.environment, "OMP_NUM_THREADS": str(threads)}


c.Spawner.options_from_form = options_from_form
c.Spawner.pre_spawn_hook = apply_options
# --8<-- [end:fix]
