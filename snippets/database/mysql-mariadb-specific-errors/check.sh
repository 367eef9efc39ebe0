#!/bin/sh
# --8<-- [start:charset]
host=db.internal
user=jupyterhub
database=jupyterhub
# The character sets of the server's default, the hub's database and its tables'
# text columns. Give the password in MYSQL_PWD, or add -p to be asked for it.
mysql -h "$host" -u "$user" -e "
SELECT @@GLOBAL.character_set_server AS server_default;
SELECT default_character_set_name, default_collation_name
  FROM information_schema.schemata WHERE schema_name = '$database';
SELECT character_set_name, collation_name, COUNT(*) AS text_columns
  FROM information_schema.columns
  WHERE table_schema = '$database' AND collation_name IS NOT NULL
  GROUP BY character_set_name, collation_name;"
# --8<-- [end:charset]
