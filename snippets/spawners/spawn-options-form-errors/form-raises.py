# --8<-- [start:broken]
async def options_form(spawner):
    # The groups the login provider sent decide which interfaces a user may pick.
    # Without auth state (not enabled, or not stored for this user yet)
    # get_auth_state() returns None, and None["oauth_user"] raises TypeError.
    auth_state = await spawner.user.get_auth_state()
    groups = auth_state["oauth_user"]["groups"]
    choices = ['<option value="/lab">JupyterLab</option>']
    if "teachers" in groups:
        choices.append('<option value="/tree">Jupyter Notebook</option>')
    return (
        '<label for="ui">Interface</label><select id="ui" name="ui">'
        + "".join(choices)
        + "</select>"
    )


c.Spawner.options_form = options_form
# --8<-- [end:broken]
