#!/usr/bin/env bash
# The soak run: the service in its own JVM on an embedded broker for MINUTES (default 10), 1,000
# records a second, the model swapped every 20 s; prints heap, resident memory and open native
# arrays (first, last, slope over the second half) and writes target/soak/soak.json and two charts.
# Usage: scripts/soak.sh [MINUTES] [--sasl-ssl]   (--sasl-ssl: the broker, service and clients on SASL_SSL)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/bin/elbostream" soak --minutes "${1:-10}" "${@:2}"
