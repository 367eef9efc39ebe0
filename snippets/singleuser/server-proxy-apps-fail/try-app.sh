#!/bin/sh
# --8<-- [start:by-hand]
# Start the app's command as the user, with a free port in place of {port}, and see
# whether it listens, and after how long. Run as root on the same machine.
name=alice
port=8050
app="python3 -m http.server --port $port"
sudo -u "$name" -H sh -c "cd && exec $app" &
pid=$!
for second in $(seq 1 60); do
    sleep 1
    if ! kill -0 "$pid" 2>/dev/null; then
        code=0
        wait "$pid" || code=$?
        echo "the app exited with code $code within $second s"
        break
    fi
    if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
        echo "the app listens on port $port after $second s"
        kill "$pid"
        break
    fi
done
# --8<-- [end:by-hand]
