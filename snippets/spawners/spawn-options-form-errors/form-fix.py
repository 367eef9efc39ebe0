# --8<-- [start:fix]
async def options_form(spawner):
    # A form for every user: a missing auth state or group list means the default
    # choices, never an exception (which would make /hub/spawn answer 500).
    auth_state = await spawner.user.get_auth_state() or {}
    groups = auth_state.get("oauth_user", {}).get("groups", [])
    choices = ['<option value="/lab">JupyterLab</option>']
    if "teachers" in groups:
        choices.append('<option value="/tree">Jupyter Notebook</option>')
    return (
        '<label for="ui">Interface</label><select id="ui" name="ui">'
        + "".join(choices)
        + "</select>"
    )


c.Spawner.options_form = options_form
# --8<-- [end:fix]
