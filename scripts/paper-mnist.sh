#!/usr/bin/env bash
# The seed papers' binarised-MNIST table, the long way: each model up to EPOCHS epochs (default
# 1000; early stopping on the validation images may end sooner), test NLL from 5,000 importance
# samples per image, and the 2-D latent picture. Runs for hours on 2 cores: start it in the
# background, e.g.
#   nohup scripts/paper-mnist.sh > target/paper-mnist.log 2>&1 &
# The test images are MNIST's t10k binarised by scripts/mnist-test-set.sh (made on first use);
# set TEST and LABELS to use others. Each model's log keeps every epoch's train and validation ELBO:
# the learning curve.
# Usage: scripts/paper-mnist.sh [EPOCHS] [OUT_DIR] [MODELS] [OPTION...]
#   MODELS: comma separated, default all; OPTIONs go to every paper-mnist run, e.g. --lr-decay 0.5
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-1000}"
out="${2:-$root/target/paper-mnist}"
models="${3:-vae_2d,vae,dlgm_diagonal,dlgm_rank_one,nvil_sbn}"
shift $(( $# < 3 ? $# : 3 ))
if [ -z "${TEST:-}" ]; then
  [ -f "$root/target/mnist-test/binarized_mnist_test-idx3-ubyte.gz" ] || "$root/scripts/mnist-test-set.sh"
  TEST="$root/target/mnist-test/binarized_mnist_test-idx3-ubyte.gz"
  LABELS="$root/target/mnist-test/mnist_test_labels-idx1-ubyte"
fi
mkdir -p "$out"
for model in ${models//,/ }; do
  plot=()
  if [ "$model" = vae_2d ]; then
    plot=(--labels "${LABELS:?set LABELS to the digit labels of the test images}" --latent-plot "$out/latent-2d.png")
  fi
  "$root/bin/elbostream" paper-mnist --test "$TEST" --models "$model" --epochs "$epochs" --samples 5000 \
    "${plot[@]}" --curves "$out" --json "$out/$model.json" "$@" | tee "$out/$model.log"
done
