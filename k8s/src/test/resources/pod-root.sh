#!/usr/bin/env bash
# pod-root.sh SCRATCH VOLUME... -- COMMAND...
# Runs COMMAND in the file system a pod's container sees, made on this machine without a container
# engine: the machine's root stands in for the image's base layer, read-only, through an overlay
# (so nothing on the machine changes), and each VOLUME, written ro:HOST_DIR:PATH or
# rw:HOST_DIR:PATH, is bind-mounted at PATH as the pod mounts its volumes. SCRATCH is an empty
# folder for the overlay's own bookkeeping. Needs root in a mount namespace of its own:
#   unshare --mount --propagation private -- bash pod-root.sh ...
# COMMAND runs with exec, so a signal to this process reaches it.
set -euo pipefail
scratch=$1
shift
mount -t tmpfs tmpfs "$scratch"
mkdir "$scratch/upper" "$scratch/work" "$scratch/root"
root="$scratch/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$scratch/upper,workdir=$scratch/work" "$root"
for fs in proc dev sys; do
  mount --rbind "/$fs" "$root/$fs"
done
while [ "$1" != "--" ]; do
  IFS=: read -r mode host path <<<"$1"
  mkdir -p "$root$path"
  mount --bind "$host" "$root$path"
  if [ "$mode" = ro ]; then
    mount -o remount,bind,ro "$root$path"
  fi
  shift
done
shift
mount -o remount,ro "$root"
exec chroot "$root" "$@"
