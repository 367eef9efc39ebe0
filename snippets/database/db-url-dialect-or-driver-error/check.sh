#!/bin/sh
# --8<-- [start:drivers]
# Run with the Python that runs the hub (its virtual environment's python).
python=/opt/hub/bin/python
# The SQLAlchemy release, and which database drivers that Python can import.
"$python" -c 'import sqlalchemy; print("SQLAlchemy", sqlalchemy.__version__)'
for module in psycopg psycopg2 pymysql MySQLdb; do
    if "$python" -c "import $module" 2>/dev/null; then
        echo "$module: installed"
    else
        echo "$module: missing"
    fi
done
# --8<-- [end:drivers]
