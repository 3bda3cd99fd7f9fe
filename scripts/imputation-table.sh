#!/usr/bin/env bash
# Re-runs the imputation table of docs/evaluation.md: UCI letter and spam with 20 % of cells hidden at
# random (MCAR), `impute-eval` with its defaults: it trains its model on what is left, chooses the
# sampler on cells it hides from the held-out rows' observed cells, and scores every sampler beside
# mean, kNN, chained-regression and random-forest imputation by RMSE over the hidden cells after
# min-max scaling (GAIN's protocol). One JSON per table and seed, and a Markdown table on stdout.
# Usage: scripts/imputation-table.sh [OUT_DIR] [SEED ...] (default seeds 1 2 3)
# IMPUTATION_TABLES overrides the tables (default "letter spam"); extra impute-eval options go in
# IMPUTE_EVAL_OPTIONS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${ELBOSTREAM_DATA:-$root/../shared/data}"
out="${1:-$root/target/imputation}"
shift || true
seeds=("${@:-1 2 3}")
read -r -a seeds <<< "${seeds[*]}"
read -r -a tables <<< "${IMPUTATION_TABLES:-letter spam}"
read -r -a extra <<< "${IMPUTE_EVAL_OPTIONS:-}"
mkdir -p "$out"
for set in "${tables[@]}"; do
  for seed in "${seeds[@]}"; do
    start=$SECONDS
    "$root/bin/elbostream" impute-eval --data "$data/uci/$set.csv.gz" --missing 0.2 --seed "$seed" \
      ${extra[@]+"${extra[@]}"} --json "$out/$set-seed$seed.json" | tee "$out/$set-seed$seed.txt"
    echo "wall $((SECONDS - start)) s" | tee -a "$out/$set-seed$seed.txt"
  done
done
methods=(pseudo_gibbs metropolis_within_gibbs importance_resampling mean knn mice missforest)
value() { awk -F': ' -v k="\"$2\"" '$1 ~ k {gsub(/[ ,]/, "", $2); printf "%.4f", $2}' "$1"; }
text() { awk -F'"' -v k="$2" '$2 == k {print $4}' "$1"; }
echo "| table | seed | sampler chosen | pseudo-Gibbs | Metropolis-within-Gibbs | importance resampling | mean | kNN | chained regressions | random forest | the whole command |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for f in "$out"/*-seed*.json; do
  name="$(basename "$f" .json)"
  row="| ${name%-seed*} | ${name##*-seed} | $(text "$f" chosen_imputer) |"
  for m in "${methods[@]}"; do row="$row $(value "$f" "rmse.$m") |"; done
  wall="$(awk '/^wall/ {print $2}' "${f%.json}.txt")"
  row="$row $((wall / 60)):$(printf '%02d' $((wall % 60))) |"
  echo "$row"
done
