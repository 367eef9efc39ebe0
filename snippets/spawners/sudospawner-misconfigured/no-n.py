# sudo's options replaced by a list without -n: sudo may now ask for a password.
# --8<-- [start:broken]
c.SudoSpawner.sudo_args = ["-H"]
# --8<-- [end:broken]
