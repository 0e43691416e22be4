#!/usr/bin/env bash
# Lab benchmark: igmp router (router and proxy mode), igmpproxy and FRR pimd in the same namespace lab, same run.
# Needs root, python3, and for the peers: apt-get install -y igmpproxy frr. Extra arguments go to lab_bench.py,
# e.g. --routers igmp,pimd --joins 50 --groups 20000 --out results.md
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/scripts/jdk.sh"
igmp_find_jdk
( cd "$root" && ./mvnw -B -q -ntp -DskipTests -pl igmp-cli -am package ) >&2
exec python3 "$here/lab_bench.py" --java "$JAVA_HOME/bin/java" --jar "$root/igmp-cli/target/igmp.jar" "$@"
