#!/bin/sh
# --8<-- [start:convert]
host=db.internal
user=jupyterhub
database=jupyterhub
# Stop the hub first, and back its database up (mysqldump or mariadb-dump).
# Give the password in MYSQL_PWD, or add -p to be asked for it (twice).
# 1. Write the statements to a file: drop the foreign keys between text columns (the
#    server refuses to convert those columns), convert the database and every table,
#    and add the keys again as they were.
mysql -h "$host" -u "$user" -N -e "
SELECT CONCAT('ALTER TABLE ', k.table_name, ' DROP FOREIGN KEY ', k.constraint_name, ';')
  FROM information_schema.key_column_usage k
  JOIN information_schema.columns c ON c.table_schema = k.table_schema
   AND c.table_name = k.table_name AND c.column_name = k.column_name
  WHERE k.table_schema = '$database' AND k.referenced_table_name IS NOT NULL
    AND c.collation_name IS NOT NULL;
SELECT 'ALTER DATABASE $database CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;';
SELECT CONCAT('ALTER TABLE ', table_name,
              ' CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;')
  FROM information_schema.tables
  WHERE table_schema = '$database' AND table_type = 'BASE TABLE';
SELECT CONCAT('ALTER TABLE ', k.table_name, ' ADD CONSTRAINT ', k.constraint_name,
              ' FOREIGN KEY (', k.column_name, ') REFERENCES ', k.referenced_table_name,
              ' (', k.referenced_column_name, ') ON DELETE ', r.delete_rule,
              ' ON UPDATE ', r.update_rule, ';')
  FROM information_schema.key_column_usage k
  JOIN information_schema.columns c ON c.table_schema = k.table_schema
   AND c.table_name = k.table_name AND c.column_name = k.column_name
  JOIN information_schema.referential_constraints r
    ON r.constraint_schema = k.table_schema AND r.table_name = k.table_name
   AND r.constraint_name = k.constraint_name
  WHERE k.table_schema = '$database' AND k.referenced_table_name IS NOT NULL
    AND c.collation_name IS NOT NULL;" >"$database-to-utf8mb4.sql"
# 2. Read the file, then run it.
mysql -h "$host" -u "$user" "$database" <"$database-to-utf8mb4.sql"
# --8<-- [end:convert]

# --8<-- [start:create]
database=jupyterhub
user=jupyterhub
# A new hub database, as the server's administrator (here root on the database host).
mysql -u root -e "
CREATE DATABASE $database CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
GRANT ALL PRIVILEGES ON $database.* TO '$user'@'%';"
# --8<-- [end:create]
