#!/usr/bin/env bash
# The main job: start the local environment, publish the sample app's manifests to the local
# Git server, then create the Application and sync it with shipyard, and show it Healthy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"

shipyard local up
eval "$(shipyard local env)"
kubectl get nodes -o wide

# The environment repository: examples/hello/manifests pushed to the local Git server.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
curl -fsS -X PUT "$SHIPYARD_GIT_URL/hello.git" >/dev/null
cp -r examples/hello/manifests "$work/"
git -C "$work" init -q -b main
git -C "$work" add .
git -C "$work" -c user.name=demo -c user.email=demo@shipyard.dev commit -q -m "hello 1.0.0"
git -C "$work" push -q --force "$SHIPYARD_GIT_URL/hello.git" main
sed "s|http://127.0.0.1:8080|$SHIPYARD_GIT_URL|" examples/hello/application.yaml > "$work/application.yaml"

shipyard app create -f "$work/application.yaml"
shipyard app diff hello || true   # exit code 2: out of sync before the first sync
shipyard app sync hello
shipyard app wait hello --timeout 120
shipyard app get hello
kubectl -n demo get deployment,pods,endpointslices -o wide
shipyard local status
echo
echo "The environment keeps running. Use it with:  eval \"\$(.venv/bin/shipyard local env)\""
echo "Stop it with:                               .venv/bin/shipyard local down"
