# --8<-- [start:sessions-on]
# Open a PAM session (the "session" lines of /etc/pam.d/login) before each server starts.
c.PAMAuthenticator.open_sessions = True
# --8<-- [end:sessions-on]
