#!/bin/bash
# Builds the Python base of the images from Debian's packages (no registry needed) and prints
# its name. mmdebstrap makes a bookworm root filesystem (python3, venv, ca-certificates, tzdata
# for the province's time zone, libstdc++6 for grpcio's wheel, passwd for useradd, apt for
# intake's Tesseract; /usr merged
# by mmdebstrap's hook, not by usrmerge and its perl; no Recommends, docs or locales) holding
# this machine's extra CA certificates too (outgoing TLS may be re-signed by a proxy); podman
# imports it and python.Containerfile adds pip under /usr/local. It is tagged
# localhost/phananh/python:3.11-<key>, the key a hash of this recipe and the certificates:
# podman's image store is the cache, so a later run reuses it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CA_DIR=/usr/local/share/ca-certificates
shopt -s nullglob
certs=("$CA_DIR"/*.crt)
key=$(cat "$here/base.sh" "$here/python.Containerfile" "${certs[@]}" | sha256sum | cut -c1-12)
image=localhost/phananh/python:3.11-$key
if podman image exists "$image"; then echo "$image"; exit 0; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mmdebstrap --quiet --variant=essential --include=apt,passwd,tzdata,libstdc++6,python3,python3-venv,ca-certificates \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --dpkgopt='path-exclude=/usr/share/lintian/*' --dpkgopt='path-exclude=/usr/share/bash-completion/*' \
    --customize-hook='for c in '"${certs[*]:-}"'; do cp "$c" "$1'"$CA_DIR"'/"; done' \
    --customize-hook='chroot "$1" update-ca-certificates --fresh >/dev/null' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
    bookworm "$work/rootfs.tar" http://deb.debian.org/debian >&2 </dev/null
podman import --quiet \
    --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["python3"]' "$work/rootfs.tar" "localhost/phananh/debian:$key" >&2
podman build --quiet --pull=never --build-arg "DEBIAN_IMAGE=localhost/phananh/debian:$key" \
    -f "$here/python.Containerfile" -t "$image" "$work" >&2
podman rmi --force "localhost/phananh/debian:$key" >/dev/null 2>&1 || true
echo "$image"
