#!/usr/bin/env bash
# Re-runs the quality tables of docs/evaluation.md: train on every entity of SMD (machines 1-2 .. 1-8) and ASD
# (omi-1 .. omi-12), evaluate beside every baseline (RCF, PCA, Isolation Forest, KMeansAD) in the same run,
# write per-entity JSON and Markdown tables per data set. Usage: scripts/quality-tables.sh [OUT_DIR] [SEED]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${ELBOSTREAM_DATA:-$root/../shared/data}"
out="${1:-$root/target/quality}"
seed="${2:-42}"
for set in smd asd; do
  "$root/bin/elbostream" eval-suite --data "$data/$set" --out "$out/$set" --seed "$seed"
done
echo "tables: $out/smd/summary.md $out/asd/summary.md"
