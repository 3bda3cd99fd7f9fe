#!/usr/bin/env bash
# Re-runs the imputation table of docs/evaluation.md: UCI letter and spam with 20 % of cells hidden at random
# (MCAR). For each table and seed, every candidate model is trained on what is left and the one with
# the highest held-out log-likelihood imputes (the hidden cells play no part in that choice); every
# sampler is scored beside mean and kNN imputation by RMSE over the hidden cells after min-max
# scaling (GAIN's protocol). One JSON per table and seed, and a Markdown table on stdout.
# Usage: scripts/imputation-table.sh [OUT_DIR] [SEED ...] (default seed 1)
# IMPUTATION_CANDIDATES overrides the candidates, WIDTHS:LATENT:K separated by spaces.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${ELBOSTREAM_DATA:-$root/../shared/data}"
out="${1:-$root/target/imputation}"
shift || true
seeds=("${@:-1}")
read -r -a candidates <<< "${IMPUTATION_CANDIDATES:-128,64:8:1 256,256:12:5 384,384:16:20}"
choice=()
for c in "${candidates[@]}"; do choice+=(--candidate "$c"); done
mkdir -p "$out"
for set in letter spam; do
  for seed in "${seeds[@]}"; do
    "$root/bin/elbostream" impute-eval --data "$data/uci/$set.csv.gz" --missing 0.2 --seed "$seed" --epochs 400 \
      "${choice[@]}" --json "$out/$set-seed$seed.json"
  done
done
methods=(pseudo_gibbs metropolis_within_gibbs importance_resampling mean knn)
value() { awk -F': ' -v k="\"$2\"" '$1 ~ k {gsub(/[ ,]/, "", $2); printf "%.4f", $2}' "$1"; }
text() { awk -F'"' -v k="$2" '$2 == k {print $4}' "$1"; }
echo "| table | seed | model chosen (held-out log-lik.) | pseudo-Gibbs | Metropolis-within-Gibbs | importance resampling | mean | kNN | 90 % coverage (pG / MwG / IR) |"
echo "|---|---|---|---|---|---|---|---|---|"
for f in "$out"/*-seed*.json; do
  name="$(basename "$f" .json)"
  row="| ${name%-seed*} | ${name##*-seed} | $(text "$f" model_shape) ($(printf '%.2f' "$(value "$f" heldout_loglik)")) |"
  for m in "${methods[@]}"; do row="$row $(value "$f" "rmse.$m") |"; done
  row="$row $(value "$f" coverage90.pseudo_gibbs) / $(value "$f" coverage90.metropolis_within_gibbs) / $(value "$f" coverage90.importance_resampling) |"
  echo "$row"
done
