# A form of your own that lets users pick an image, without allowed_images:
# DockerSpawner reads the form's "image" field, and since 13.0 refuses it.
c.DockerSpawner.options_form = """
<label for="image">Image</label>
<select class="form-control" name="image">
  <option value="quay.io/jupyter/scipy-notebook:2025-10-20">Python (scipy)</option>
  <option value="quay.io/jupyter/r-notebook:2025-10-20">R</option>
</select>
"""
