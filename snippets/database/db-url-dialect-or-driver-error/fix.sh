#!/bin/sh
# --8<-- [start:install]
# Install the driver your db_url names, into the hub's Python environment.
pip=/opt/hub/bin/pip
"$pip" install 'psycopg[binary]'     # postgresql:// with SQLAlchemy 2.1 or later
# "$pip" install psycopg2-binary     # postgresql+psycopg2://, and postgresql:// before 2.1
# "$pip" install pymysql             # mysql+pymysql://
# --8<-- [end:install]
