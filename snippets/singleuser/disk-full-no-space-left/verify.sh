#!/bin/sh
# --8<-- [start:verify]
# Where the full filesystem was (the user's home, or the folder of the hub's database):
# at least 1 MiB free, and inodes left (IUse% below 100%; "-" where none are counted).
dir=$HOME
free_kb=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
inodes_used=$(df -Pi "$dir" | awk 'NR == 2 { print $5 }')
echo "$dir: $free_kb KiB free, inodes used: $inodes_used"
[ "$free_kb" -ge 1024 ] && [ "$inodes_used" != "100%" ] && echo "there is space in $dir"
# --8<-- [end:verify]
