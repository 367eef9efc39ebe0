#!/bin/sh
# A kernel's websocket, end to end: the way JupyterLab and Notebook talk to a kernel.

# --8<-- [start:kernel]
# Starts a kernel through the server's REST API, opens its websocket, asks the kernel
# for its kernel_info, then shuts down the kernel it started. Needs Python with tornado
# (every Jupyter Server has it: run it in the user's terminal, or pip install tornado).
# server: the user's URL as the browser opens it (through everything in front), or
# $JUPYTERHUB_SERVICE_URL in the user's terminal (the server directly, past the proxy).
# The token: the user's, in JUPYTERHUB_API_TOKEN.
server=https://hub.example.org/user/alice/
python3 - "$server" <<'PY'
import asyncio, json, os, sys, uuid
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

server = sys.argv[1].rstrip("/")
headers = {"Authorization": "token " + os.environ.get("JUPYTERHUB_API_TOKEN", "")}


async def main():
    http = AsyncHTTPClient()
    try:
        started = await http.fetch(f"{server}/api/kernels", method="POST", body="{}", headers=headers)
    except HTTPClientError as e:
        sys.exit(f"POST {server}/api/kernels: HTTP {e.code} (no kernel started)")
    kernel = json.loads(started.body)
    print(f"kernel started: {kernel['id']} ({kernel['name']})")
    url = "ws" + server[len("http"):] + f"/api/kernels/{kernel['id']}/channels"
    try:
        try:
            socket = await websocket_connect(HTTPRequest(url, headers=headers, connect_timeout=20))
        except HTTPClientError as e:
            sys.exit(f"websocket refused: HTTP {e.code} from {url}")
        except Exception as e:
            sys.exit(f"websocket failed: {e!r} at {url}")
        print(f"websocket open: {url}")
        request = uuid.uuid4().hex
        socket.write_message(json.dumps({
            "header": {"msg_id": request, "msg_type": "kernel_info_request", "session": uuid.uuid4().hex,
                       "username": "", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell",
        }))
        while True:
            try:
                text = await asyncio.wait_for(socket.read_message(), 30)
            except asyncio.TimeoutError:
                sys.exit("no kernel_info_reply within 30 s: the kernel does not answer")
            if text is None:
                sys.exit(f"websocket closed by the other side (code {socket.close_code})")
            if isinstance(text, bytes):
                continue
            message = json.loads(text)
            if message.get("parent_header", {}).get("msg_id") == request:
                if message["msg_type"] == "kernel_info_reply":
                    info = message["content"]
                    print(f"kernel_info_reply: {info['status']}, {info['implementation']} "
                          f"{info['implementation_version']}, {info['language_info']['name']}")
                    break
        socket.close()
    finally:
        await http.fetch(f"{server}/api/kernels/{kernel['id']}", method="DELETE", headers=headers)
        print(f"kernel shut down: {kernel['id']}")


asyncio.run(main())
PY
# --8<-- [end:kernel]
