"""Wait until something listens: python3 waitport.py PORT [IP] [TIMEOUT]. Exit 1 on timeout."""

import socket
import sys
import time

port = int(sys.argv[1])
ip = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else "127.0.0.1"
deadline = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 15)
while time.monotonic() < deadline:
    try:
        socket.create_connection((ip, port), timeout=0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
print(f"nothing listens on {ip}:{port}", file=sys.stderr)
sys.exit(1)
