# --8<-- [start:fix]
# The images users may choose: the label they see in DockerSpawner's form, and the
# image it starts. With two or more, DockerSpawner shows its own form, whose values
# are these labels: remove an options_form of your own.
c.DockerSpawner.allowed_images = {
    "Python (scipy)": "quay.io/jupyter/scipy-notebook:2025-10-20",
    "R": "quay.io/jupyter/r-notebook:2025-10-20",
}
# --8<-- [end:fix]
