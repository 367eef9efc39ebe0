#!/bin/sh
# --8<-- [start:who]
# Whose stopped servers are still being polled, and how often: the hub's 424 answers
# counted by user. Point log= at a saved copy of the hub's log, e.g.
# journalctl -u jupyterhub > /tmp/hub.log
log=/tmp/hub.log
grep -oE '424 [A-Z]+ /hub/user/[^/?]+' "$log" | sed 's#.*/hub/user/##' | sort | uniq -c | sort -rn
# --8<-- [end:who]
