# --8<-- [start:broken]
def options_from_form(formdata):
    # Written as if each field were one string. It is a list of strings:
    # {"ui": ["/tree"], "threads": ["2"]}, so int() raises TypeError.
    return {"ui": formdata["ui"], "threads": int(formdata["threads"])}


def apply_options(spawner):
    # Written as if every start came through the form. A start from the admin panel or
    # the REST API brings no options the first time, so "ui" is missing: KeyError.
    spawner.default_url = spawner.user_options["ui"]
    threads = str(spawner.user_options["threads"])
    spawner.environment = {**spawner.environment, "OMP_NUM_THREADS": threads}


c.Spawner.options_from_form = options_from_form
c.Spawner.pre_spawn_hook = apply_options
# --8<-- [end:broken]
