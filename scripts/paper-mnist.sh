#!/usr/bin/env bash
# The seed papers' binarised-MNIST table, the long way: every model up to EPOCHS epochs (default
# 1000; early stopping on the validation images may end sooner), test NLL from 5,000 importance
# samples per image. Runs for hours on 2 cores: start it in the background, e.g.
#   nohup scripts/paper-mnist.sh TEST.idx.gz > target/paper-mnist/run.log 2>&1 &
# The log keeps every epoch's train and validation ELBO: the learning curve.
# Usage: scripts/paper-mnist.sh TEST_FILE [EPOCHS] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
test_file="${1:?usage: scripts/paper-mnist.sh TEST_FILE [EPOCHS] [OUT_DIR]}"
epochs="${2:-1000}"
out="${3:-$root/target/paper-mnist}"
mkdir -p "$out"
for model in vae dlgm_diagonal dlgm_rank_one nvil_sbn; do
  "$root/bin/elbostream" paper-mnist --test "$test_file" --models "$model" --epochs "$epochs" --samples 5000 \
    --json "$out/$model.json" | tee "$out/$model.log"
done
