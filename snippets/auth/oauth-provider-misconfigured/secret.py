# --8<-- [start:secret]
# The id and the secret of the same client, as the provider shows them now, from the
# hub's environment rather than from this file. A secret pasted from a file or a
# terminal often ends in a newline or a space: strip() removes it.
import os

c.GenericOAuthenticator.client_id = os.environ.get("OAUTH_CLIENT_ID", "").strip()
c.GenericOAuthenticator.client_secret = os.environ.get("OAUTH_CLIENT_SECRET", "").strip()
# --8<-- [end:secret]
