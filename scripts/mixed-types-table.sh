#!/usr/bin/env bash
# Re-runs the mixed-type imputation table of docs/evaluation.md: HI-VAE's Breast and Wine with their
# data_types.csv, 20 % of the observed cells hidden at random (MCAR), `impute-eval --types` with its
# defaults and every sampler run, each judged per the HI-VAE paper (error rate of ordinal and
# categorical cells, RMSE over the range of numeric ones, the mean over columns). The tables have no
# header row, so each is unpacked with one (c1, c2, ...) first. One JSON per table and seed, and a
# Markdown table on stdout.
# Usage: scripts/mixed-types-table.sh [OUT_DIR] [SEED ...] (default seed 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${ELBOSTREAM_DATA:-$root/../shared/data}/uci/hivae"
out="${1:-$root/target/mixed-types}"
shift || true
seeds=("${@:-1}")
read -r -a seeds <<< "${seeds[*]}"
mkdir -p "$out"
for set in Breast Wine; do
  columns=$(awk 'NF {n++} END {print n - 1}' "$data/$set/data_types.csv")
  { seq -s, -f 'c%g' 1 "$columns"; zcat "$data/$set/data.csv.gz"; } > "$out/$set.csv"
  for seed in "${seeds[@]}"; do
    start=$SECONDS
    "$root/bin/elbostream" impute-eval --data "$out/$set.csv" --types "$data/$set/data_types.csv" --missing 0.2 \
      --seed "$seed" --imputers PSEUDO_GIBBS,METROPOLIS_WITHIN_GIBBS,IMPORTANCE_RESAMPLING \
      --json "$out/$set-seed$seed.json" | tee "$out/$set-seed$seed.txt"
    echo "wall $((SECONDS - start)) s" | tee -a "$out/$set-seed$seed.txt"
  done
done
methods=(pseudo_gibbs metropolis_within_gibbs importance_resampling mean knn mice missforest)
value() { awk -F': ' -v k="\"$2\"" '$1 ~ k {gsub(/[ ,]/, "", $2); printf "%.4f", $2}' "$1"; }
echo "| table | seed | pseudo-Gibbs | Metropolis-within-Gibbs | importance resampling | mean/mode | kNN | chained regressions | random forest |"
echo "|---|---|---|---|---|---|---|---|---|"
for f in "$out"/*-seed*.json; do
  name="$(basename "$f" .json)"
  row="| ${name%-seed*} | ${name##*-seed} |"
  for m in "${methods[@]}"; do row="$row $(value "$f" "mixed.$m.mean") |"; done
  echo "$row"
done
