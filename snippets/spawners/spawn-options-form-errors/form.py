# --8<-- [start:form]
# The options form: the hub shows it at /hub/spawn and posts what the user chose to the
# spawner's options_from_form. The surrounding <form> and its Start button are the hub's.
c.Spawner.options_form = """
<label for="ui">Interface</label>
<select class="form-control form-select" id="ui" name="ui">
  <option value="/lab">JupyterLab</option>
  <option value="/tree">Jupyter Notebook</option>
</select>
<label for="threads">Threads for numerical libraries</label>
<input class="form-control" id="threads" name="threads" type="number" value="1" min="1" max="4">
"""
# --8<-- [end:form]
