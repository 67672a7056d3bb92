#!/bin/sh
# keepalived's notify script in NamespaceFailoverBenchmark, as a user pairs keepalived with a cloud
# balancer that probes each VM: on MASTER it starts a listener on the health-check port that answers every
# request with 200 (socat, one process per connection); on BACKUP, FAULT or STOP it stops that listener, so
# the port refuses and the balancer marks the VM down. Every state is appended to DIR/states.
# Usage: keepalived-notify.sh DIR ADDRESS PORT STATE   (DIR holds the listener's pid and its response)
dir=$1 address=$2 port=$3 state=$4
echo "$(date +%s.%N) $state" >> "$dir/states"
case "$state" in
  master)
    if [ -f "$dir/listener.pid" ] && kill -0 "$(cat "$dir/listener.pid")" 2>/dev/null; then
      exit 0
    fi
    socat "TCP-LISTEN:$port,bind=$address,reuseaddr,fork" "SYSTEM:cat $dir/response" </dev/null >/dev/null 2>&1 &
    echo $! > "$dir/listener.pid"
    ;;
  *)
    if [ -f "$dir/listener.pid" ]; then
      kill "$(cat "$dir/listener.pid")" 2>/dev/null
      rm -f "$dir/listener.pid"
    fi
    ;;
esac
