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

# Continuous delivery: the agent deploys a pushed commit on its webhook and reverts a manual edit.
export SHIPYARD_WEBHOOK_SECRET
SHIPYARD_WEBHOOK_SECRET=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
shipyard agent --listen "127.0.0.1:$port" > "$work/agent.log" 2>&1 &
agent_pid=$!
trap 'kill "$agent_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.2; done
sed -i 's|registry.example/hello:1.0.0|registry.example/hello:1.1.0|' "$work/manifests/deployment.yaml"
git -C "$work" -c user.name=demo -c user.email=demo@shipyard.dev commit -q -am "hello 1.1.0"
git -C "$work" push -q "$SHIPYARD_GIT_URL/hello.git" main
.venv/bin/python - "$port" "$SHIPYARD_GIT_URL/hello.git" <<'PY'
import hashlib, hmac, json, os, sys, uuid, httpx
body = json.dumps({"ref": "refs/heads/main", "repository": {"clone_url": sys.argv[2]}}).encode()
signature = hmac.new(os.environ["SHIPYARD_WEBHOOK_SECRET"].encode(), body, hashlib.sha256).hexdigest()
response = httpx.post(f"http://127.0.0.1:{sys.argv[1]}/api/webhook", content=body, trust_env=False,
                      headers={"X-GitHub-Event": "push", "X-GitHub-Delivery": uuid.uuid4().hex,
                               "X-Hub-Signature-256": f"sha256={signature}"})
print(f"webhook: HTTP {response.status_code} {response.text}")
PY
until kubectl -n demo get deployment hello -o jsonpath='{.spec.template.spec.containers[0].image}' | grep -q 1.1.0; do sleep 0.2; done
kubectl -n demo rollout status deployment/hello --timeout=120s
echo "pushed commit deployed by the agent: $(kubectl -n demo get deployment hello -o jsonpath='{.spec.template.spec.containers[0].image}')"
kubectl -n demo scale deployment hello --replicas=7
until [ "$(kubectl -n demo get deployment hello -o jsonpath='{.spec.replicas}')" = 3 ]; do sleep 0.2; done
echo "manual edit (replicas=7) reverted by the agent: replicas=$(kubectl -n demo get deployment hello -o jsonpath='{.spec.replicas}')"
shipyard app get hello

# CI: the example service's pipeline (examples/webapp/shipyard.yaml) on the local environment:
# version (GitVersion rules) ▶ unit tests ▶ daemonless image build and push ▶ promote the new
# tag into the environment repository, which the agent then deploys (GitOps pull).
shipyard local base-image              # Debian + python3 via debootstrap: about a minute the first time
curl -fsS -X PUT "$SHIPYARD_GIT_URL/webapp-env.git" >/dev/null
mkdir -p "$work/webapp-env"
cp -r examples/webapp/manifests "$work/webapp-env/"
git -C "$work/webapp-env" init -q -b main
git -C "$work/webapp-env" add .
git -C "$work/webapp-env" -c user.name=demo -c user.email=demo@shipyard.dev commit -q -m "webapp environment"
git -C "$work/webapp-env" push -q --force "$SHIPYARD_GIT_URL/webapp-env.git" main
cat > "$work/webapp-app.yaml" <<YAML
apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata: {name: webapp, namespace: shipyard}
spec:
  source: {repoURL: "$SHIPYARD_GIT_URL/webapp-env.git", targetRevision: main, path: manifests}
  destination: {namespace: webapp}
  syncPolicy:
    automated: {prune: true, selfHeal: true}
    syncOptions: [CreateNamespace=true]
YAML
shipyard app create -f "$work/webapp-app.yaml" || true
cp -r examples/webapp "$work/webapp"
git -C "$work/webapp" init -q -b main
git -C "$work/webapp" add .
git -C "$work/webapp" -c user.name=demo -c user.email=demo@shipyard.dev commit -q -m "webapp +semver: minor"
export WEBAPP_ENV_REPO="$SHIPYARD_GIT_URL/webapp-env.git"
shipyard ci run "$work/webapp"
image=$(git -C "$work/webapp-env" pull -q "$WEBAPP_ENV_REPO" main && grep -o 'image: .*webapp[^ ]*' "$work/webapp-env/manifests/deployment.yaml")
echo "promoted to the environment repository: $image"
.venv/bin/python - "$port" "$WEBAPP_ENV_REPO" <<'PY'
import hashlib, hmac, json, os, sys, uuid, httpx
body = json.dumps({"ref": "refs/heads/main", "repository": {"clone_url": sys.argv[2]}}).encode()
signature = hmac.new(os.environ["SHIPYARD_WEBHOOK_SECRET"].encode(), body, hashlib.sha256).hexdigest()
httpx.post(f"http://127.0.0.1:{sys.argv[1]}/api/webhook", content=body, trust_env=False,
           headers={"X-GitHub-Event": "push", "X-GitHub-Delivery": uuid.uuid4().hex,
                    "X-Hub-Signature-256": f"sha256={signature}"})
PY
until kubectl -n webapp get deployment webapp -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null | grep -q "$SHIPYARD_REGISTRY"; do sleep 0.5; done
echo "deployed by the agent: $(kubectl -n webapp get deployment webapp -o jsonpath='{.spec.template.spec.containers[0].image}')"
kill "$agent_pid"
shipyard local status
echo
echo "The environment keeps running. Use it with:  eval \"\$(.venv/bin/shipyard local env)\""
echo "Stop it with:                               .venv/bin/shipyard local down"
