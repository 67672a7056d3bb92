#!/usr/bin/env bash
# ha-pair benchmark: takeover time after kill -9, gap/overlap of planned switchovers, and health-probe
# latency under 2,000 req/s, on loopback with real node processes. Prints a table (also written to
# tests/target/benchmark.txt). Takes about 5 minutes on 2 cores (GEO DNS adds about 2, the data plane about
# 3). Run from anywhere in a clone:
#
#   tests/benchmark.sh                              # everything
#   tests/benchmark.sh -Dbenchmark.parts=probe      # only some of: takeover,switchover,probe
#   tests/benchmark.sh -Dtest=DnsBenchmark          # only GEO DNS (dnsperf); -Ddns.seconds=20 -Ddns.rate=5000
#   tests/benchmark.sh -Dtest=WriteBenchmark        # 10,000 settings writes through the API; -Dwrites=3000
#   tests/benchmark.sh -Dtest=DataPlaneBenchmark    # HAProxy data plane (wrk); -Ddataplane.seconds=15
#   tests/benchmark.sh -Dtest=NamespaceFailoverBenchmark   # failover on network namespaces, ha-pair and keepalived:
#       as root, about 80 minutes, not part of "everything"; shorter (about 25 minutes):
#       -Dfailover.trials=10 -Dfailover.lossMinutes=2 -Dfailover.coldTrials=10
#
# Builds the node jar first when it is missing or older than the sources. Uses loopback addresses
# 127.20.10.1 and 127.20.10.2 (ports 8444, 8443, 6973). Figures depend on the machine and its load:
# run it on an otherwise idle machine for numbers worth publishing.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=ha-node/target/hanode.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ha-node/pom.xml ha-node/src -newer "$jar" -print -quit)" ]; then
  echo "benchmark: building $jar" >&2
  mvn -B -q -pl ha-node -am package -DskipTests
fi

# DnsBenchmark drives the node's GEO DNS with dnsperf (Debian package dnsperf, DNS-OARC).
if ! command -v dnsperf >/dev/null; then
  echo "benchmark: installing dnsperf (the GEO DNS load generator) ..." >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq dnsperf >/dev/null
fi

# DataPlaneBenchmark drives HTTP load through the nodes' HAProxy with wrk (Debian package wrk).
if ! command -v wrk >/dev/null; then
  echo "benchmark: installing wrk (the HTTP load generator) ..." >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi

# NamespaceFailoverBenchmark puts each node in its own network namespace (root, ip netns), drops packets
# between them with nftables, and measures keepalived (notify scripts start a socat listener) the same way.
need=()
command -v nft >/dev/null || [ -x /usr/sbin/nft ] || need+=(nftables)
command -v keepalived >/dev/null || [ -x /usr/sbin/keepalived ] || need+=(keepalived)
command -v socat >/dev/null || need+=(socat)
if [ ${#need[@]} -gt 0 ]; then
  echo "benchmark: installing ${need[*]} (for the failover benchmark on network namespaces) ..." >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The tests module builds with its upstream modules in one reactor, so it runs against this clone's node
# classes, not whatever the local Maven repository holds. -Dtest selects the benchmarks (and overrides the
# module's exclusion of *Benchmark.java). SyncBenchmark (settings sync: change-to-partner latency, full
# resync of 10,000 virtual services, probe latency and the peer link's bytes during it, resident memory) uses 127.20.37.1-2 and
# writes tests/target/sync-benchmark.txt; run only it with: tests/benchmark.sh -Dtest=SyncBenchmark
# DnsBenchmark (GEO DNS: 1,000 FQDNs on one standalone node, dnsperf over UDP as 4 clients, -Ddns.clients, at max rate, 50,000 and 5,000
# queries/s, p50/p95/p99/max, resident memory) uses 127.20.38.1 with DNS on port 10053 and writes
# tests/target/dns-benchmark.txt; run only it with: tests/benchmark.sh -Dtest=DnsBenchmark
# WriteBenchmark (10,000 virtual services created one by one through the API) uses 127.20.45.1-2 and writes
# tests/target/write-benchmark.txt.
# DataPlaneBenchmark (requests/s and latency through a virtual service against the same wrk load straight to a
# real server, failed requests during 20 hot reloads under load, time from a new virtual service's 2xx until it
# answers on both nodes) uses 127.20.48.1-4 (ports 8080, 9101-9120) and writes tests/target/data-plane-benchmark.txt;
# it needs HAProxy (apt-get install haproxy), as the nodes do.
# NamespaceFailoverBenchmark (kill -9, SIGSTOP/SIGCONT, 30% loss, cold start with skew; ha-pair and keepalived
# advert_int 1 and 0.1) uses namespaces hapair66a/b on bridge hapair66br, 10.213.66.0/24, and writes
# tests/target/failover-netns-benchmark.txt; -Dfailover.parts=kill,stop,loss,cold and
# -Dfailover.systems=hapair,keepalived-1,keepalived-0.1 select what it measures.
# One benchmark class at a time (test.forks=1), or they would measure each other. The load generators and
# pollers run in the test JVM: ZGC keeps its own pauses (G1's were 25-70 ms under the probe load) out of the
# latencies it reports.
mvn -B -pl tests -am test -Dtest='FailoverBenchmark,SyncBenchmark,DnsBenchmark,WriteBenchmark,DataPlaneBenchmark' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dtest.forks=1 -DargLine=-XX:+UseZGC "$@"
