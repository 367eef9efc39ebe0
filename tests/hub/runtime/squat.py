"""Hold a TCP port inside the hub's container: python3 squat.py PORT [IP] [silent|http].

silent: accept connections and never answer (a stuck process on the port);
http:   answer every request with 404, like `python -m http.server` in an empty dir.
Runs with the image's system python3 (no third-party imports).
"""

import http.server
import socket
import sys
import time

port = int(sys.argv[1])
ip = sys.argv[2] if len(sys.argv) > 2 else ""
mode = sys.argv[3] if len(sys.argv) > 3 else "silent"

if mode == "http":

    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_error(404, "File not found")

        do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    http.server.ThreadingHTTPServer((ip, port), NotFound).serve_forever()
else:
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((ip, port))
    s.listen(128)
    held = []
    while True:
        conn, _ = s.accept()
        held.append(conn)  # keep it open, say nothing
        time.sleep(0)
