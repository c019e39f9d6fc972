#!/usr/bin/env bash
# Installs everything shipyard needs on a fresh Debian machine, then builds the pinned Go
# programs of the local environment. Safe to re-run: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }

# 1. Debian packages: the OCI registry (distribution), git (its http-backend serves repos),
#    buildah (Dockerfile builds without a daemon), skopeo (an independent reader of what we
#    push) and debootstrap (the Debian base image of the demo).
apt_packages=(docker-registry git ca-certificates buildah skopeo debootstrap)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Go, to build Kubernetes, KWOK and etcd at the versions pinned in their go.mod files.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="$PATH:/usr/local/go/bin"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "error: Go >= 1.26 is required on PATH to build the local Kubernetes environment" >&2
  echo "       (Debian's golang package is too old; install the official Go 1.26 toolchain)" >&2
  exit 1
fi

# 3. The Python virtualenv with shipyard and its development tools (pinned by constraints).
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$python" -m venv .venv
fi
stamp=.venv/.shipyard-installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e '.[dev]'
  echo "$want" > "$stamp"
fi

# 4. The local environment's Go programs, built once into ~/.cache/shipyard/bin/.
.venv/bin/shipyard local build >&2
