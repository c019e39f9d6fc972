#!/usr/bin/env bash
# The main job, for now: start the local environment and roll out a sample Deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export PATH="$PWD/.venv/bin:$PATH"
shipyard local up
eval "$(shipyard local env)"
kubectl get nodes -o wide
kubectl apply -f examples/hello/deployment.yaml
kubectl -n demo rollout status deployment/hello --timeout=120s
kubectl -n demo get deployment,pods,endpointslices -o wide
shipyard local status
echo
echo "The environment keeps running. Use it with:  eval \"\$(.venv/bin/shipyard local env)\""
echo "Stop it with:                               .venv/bin/shipyard local down"
