# --8<-- [start:fix]
# LocalProcessSpawner (servers run as the users' own accounts on the hub's machine):
# create ~/notebooks before each start, for users old and new.
import os
import pwd


def make_notebook_dir(spawner):
    account = pwd.getpwnam(spawner.user.name)
    path = os.path.join(account.pw_dir, "notebooks")
    try:
        os.mkdir(path, 0o755)
    except FileExistsError:
        return
    # The hub runs as root: hand the new directory to the user through a handle on it,
    # never through its name, which the user could meanwhile point somewhere else.
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        os.fchown(fd, account.pw_uid, account.pw_gid)
    finally:
        os.close(fd)


c.Spawner.pre_spawn_hook = make_notebook_dir
# --8<-- [end:fix]
