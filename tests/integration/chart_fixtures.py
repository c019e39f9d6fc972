"""Charts written by the chart parity tests: every feature ``helm template`` has, as files.

Each function returns ``{relative path: text or bytes}`` for :func:`write_tree`; subchart
archives are built in memory with :func:`tgz`.
"""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Mapping
from pathlib import Path

Tree = dict[str, str | bytes]


def helm_home_env(home: Path) -> dict[str, str]:
    """An environment for the helm oracle whose home, config, cache and data are under
    ``home`` (created) and that sees no cluster."""
    home.mkdir(parents=True, exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "KUBECONFIG": str(home / "no-kubeconfig"),
    }


def write_tree(root: Path, tree: Mapping[str, str | bytes]) -> Path:
    for name, content in tree.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def tgz(
    top: str, tree: Mapping[str, str | bytes], *, extra: list[tarfile.TarInfo] | None = None
) -> bytes:
    """A chart archive: entries under ``top/`` (as ``helm package`` writes them)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in tree.items():
            data = content if isinstance(content, bytes) else content.encode()
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size = len(data)
            info.mode = 0o644
            archive.addfile(info, io.BytesIO(data))
        for info in extra or []:
            archive.addfile(info, io.BytesIO(b"x" * info.size) if info.isreg() else None)
    return buffer.getvalue()


def chart_yaml(name: str, *, version: str = "0.1.0", extra: str = "") -> str:
    return f'apiVersion: v2\nname: {name}\ndescription: A {name} chart\nversion: {version}\nappVersion: "1.2.3"\n{extra}'


# -- a chart with subcharts, partials, notes, crds, hooks and files -------------------------

HELPERS = """{{- define "app.name" -}}{{ .Chart.Name | trunc 63 | trimSuffix "-" }}{{- end }}
{{- define "app.fullname" -}}{{ printf "%s-%s" .Release.Name (include "app.name" .) | trunc 63 | trimSuffix "-" }}{{- end }}
{{- define "app.labels" -}}
app.kubernetes.io/name: {{ include "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}
{{- define "shared.greeting" -}}parent greeting{{- end }}
"""

PARENT_VALUES = """replicaCount: 2
image:
  repository: nginx
  tag: ""
  pullPolicy: IfNotPresent
service:
  type: ClusterIP
  port: 80
  annotations: {}
config:
  level: info
  features: [a, b, c]
  nested:
    keep: yes-default
    drop: me
bigNumber: 12345678
floaty: 1.5
onOff: on
global:
  region: eu-west-1
  team:
    name: platform
tags:
  extras: false
backend:
  enabled: true
  replicas: 1
  message: from-parent
cache:
  enabled: false
worker:
  queue: parent-queue
"""

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
  annotations:
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: {{ include "app.name" . }}
  template:
    metadata:
      labels:
        app: {{ include "app.name" . }}
    spec:
      containers:
        - name: main
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          env:
            - name: REGION
              value: {{ .Values.global.region | quote }}
            - name: LEVEL
              value: {{ .Values.config.level | upper | quote }}
            - name: BIG
              value: {{ .Values.bigNumber | quote }}
            - name: FLOATY
              value: {{ .Values.floaty | quote }}
            - name: ON
              value: {{ .Values.onOff | quote }}
            - name: TEMPLATE
              value: {{ .Template.Name | quote }}
          {{- with .Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
          {{- end }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
"""

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "app.fullname" . }}-config
  labels:
    {{- include "app.labels" . | nindent 4 }}
data:
  level: {{ .Values.config.level | quote }}
  features: {{ join "," .Values.config.features | quote }}
  nested: |
    {{- toYaml .Values.config.nested | nindent 4 }}
  values.json: {{ toJson .Values.config | quote }}
  release: |
    name={{ .Release.Name }} ns={{ .Release.Namespace }} rev={{ .Release.Revision }}
    install={{ .Release.IsInstall }} upgrade={{ .Release.IsUpgrade }} service={{ .Release.Service }}
  chart: {{ printf "%s %s %s %s %v" .Chart.Name .Chart.Version .Chart.AppVersion .Chart.APIVersion .Chart.IsRoot | quote }}
  kube: {{ printf "%s %s %s %s" .Capabilities.KubeVersion.Version .Capabilities.KubeVersion.Major .Capabilities.KubeVersion.Minor .Capabilities.KubeVersion.GitVersion | quote }}
  kube-string: {{ .Capabilities.KubeVersion | quote }}
  kube-printed: "{{ .Capabilities.KubeVersion }}"
  kube-printf: {{ printf "%v|%s|%+v" .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion | quote }}
  kube-tostring: {{ .Capabilities.KubeVersion | toString | quote }}
  helm-printed: "{{ .Capabilities.HelmVersion }}"
  helm: {{ .Capabilities.HelmVersion.Version | quote }}
  has-apps: {{ .Capabilities.APIVersions.Has "apps/v1" | quote }}
  has-custom: {{ .Capabilities.APIVersions.Has "example.com/v1" | quote }}
  has-kind: {{ .Capabilities.APIVersions.Has "example.com/v1/Widget" | quote }}
  chart-json: {{ toJson .Chart | quote }}
  chart-yaml: {{ toYaml .Chart | sha256sum | quote }}
  chart-deps: {{ printf "%T %d %v" .Chart.Dependencies (len .Chart.Dependencies) (empty .Chart.Dependencies) | quote }}
  chart-kw: {{ printf "%v %T" .Chart.Keywords .Chart.Keywords | quote }}
  chart-kw-json: {{ toJson .Chart.Keywords | quote }}
  chart-maint: {{ toJson .Chart.Maintainers | quote }}
  caps-json: {{ toJson .Capabilities | sha256sum | quote }}
  caps-printed: {{ printf "%v" .Capabilities | sha256sum | quote }}
  helm-json: {{ toJson .Capabilities.HelmVersion | quote }}
  kube-json: {{ toJson .Capabilities.KubeVersion | quote }}
  release-json: {{ toJson .Release | quote }}
  template-json: {{ toJson .Template | quote }}
  api-count: {{ len .Capabilities.APIVersions | quote }}
  api-first: {{ index .Capabilities.APIVersions 0 | quote }}
  api-has-fn: {{ has "apps/v1" .Capabilities.APIVersions | quote }}
  api-json: {{ toJson .Capabilities.APIVersions | sha256sum | quote }}
  api-type: {{ printf "%T" .Capabilities.APIVersions | quote }}
  api-batch: "{{ range $i, $v := .Capabilities.APIVersions }}{{ if hasPrefix "batch/" $v }}{{ $i }}={{ $v }};{{ end }}{{ end }}"
  tpl: {{ tpl "{{ .Values.config.level }}-{{ .Release.Name }}" . | quote }}
  tpl-define: {{ tpl "{{ define \\"inner\\" }}inner-{{ . }}{{ end }}{{ include \\"inner\\" \\"x\\" }}" . | quote }}
  greeting: {{ include "shared.greeting" . | quote }}
  sub-values: {{ .Values.backend.message | quote }}
  subchart-scope: {{ with .Subcharts.backend }}{{ .Values.message | quote }}{{ else }}"off"{{ end }}
  missing: "{{ .Values.nothing }}"
  imported: {{ .Values.importedPort | default "none" | quote }}
  imported-map: {{ toJson .Values.fromWorker | quote }}
{{- range $k, $v := .Values.config.nested }}
  nested-{{ $k }}: {{ $v | quote }}
{{- end }}
"""

FILES_CM = """apiVersion: v1
kind: ConfigMap
metadata:
  name: files
data:
  get: {{ .Files.Get "files/a.txt" | quote }}
  bytes: {{ .Files.GetBytes "files/a.txt" | len | quote }}
  missing: {{ .Files.Get "files/none.txt" | quote }}
  lines: {{ .Files.Lines "files/lines.txt" | len | quote }}
{{- range $i, $line := .Files.Lines "files/lines.txt" }}
  line{{ $i }}: {{ $line | quote }}
{{- end }}
{{- range $path, $_ := .Files.Glob "files/**" }}
  glob-{{ $path | replace "/" "_" }}: found
{{- end }}
{{- range $path, $_ := .Files.Glob "files/*.txt" }}
  star-{{ $path | base }}: found
{{- end }}
  ignored: {{ .Files.Get "files/secret.key" | quote }}
  helmignore-present: {{ .Files.Get ".helmignore" | len | quote }}
  config: |
{{ (.Files.Glob "files/conf/*").AsConfig | indent 4 }}
---
apiVersion: v1
kind: Secret
metadata:
  name: files
data:
{{ (.Files.Glob "files/conf/*").AsSecrets | indent 2 }}
"""

HOOKS = """apiVersion: batch/v1
kind: Job
metadata:
  name: pre-install-job
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "5"
    "helm.sh/hook-delete-policy": before-hook-creation
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: job, image: busybox}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: post-install-config
  annotations:
    helm.sh/hook: post-install
    helm.sh/hook-weight: "-3"
data: {a: b}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: hook-sa
  annotations:
    helm.sh/hook: pre-install
    helm.sh/hook-weight: "-10"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unknown-hook
  annotations:
    helm.sh/hook: not-a-hook
"""

TEST_HOOK = """apiVersion: v1
kind: Pod
metadata:
  name: "{{ include "app.fullname" . }}-test"
  annotations:
    "helm.sh/hook": test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox
      args: ['wget', '{{ include "app.fullname" . }}:{{ .Values.service.port }}']
---
apiVersion: v1
kind: Pod
metadata:
  name: legacy-test
  annotations:
    "helm.sh/hook": test-success
spec:
  containers: [{name: t, image: busybox}]
"""

KINDS = """apiVersion: v1
kind: Service
metadata:
  name: svc
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: widget
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns-first
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: role
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: gadget
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ing
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: pdb
---
apiVersion: v1
kind: Secret
metadata:
  name: secret
stringData:
  a: b
---
# a comment-only document
---
apiVersion: v1
kind: PriorityClass
metadata:
  name: prio
"""

NOTES = """Thank you for installing {{ .Chart.Name }} as {{ .Release.Name }}.
{{ include "app.fullname" . }}
"""

CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true}]
"""

BACKEND = {
    "Chart.yaml": chart_yaml("backend", version="1.4.0"),
    "values.yaml": "replicas: 3\nmessage: from-backend\nport: 8080\nexports:\n  ports:\n    importedPort: 8080\nglobal:\n  region: backend-default\n  sub: only-sub\n",
    "templates/_helpers.tpl": '{{- define "shared.greeting" -}}backend greeting{{- end }}\n{{- define "backend.name" -}}{{ .Chart.Name }}-{{ .Release.Name }}{{- end }}\n',
    "templates/deployment.yaml": """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "backend.name" . }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    metadata:
      annotations:
        region: {{ .Values.global.region | quote }}
        team: {{ .Values.global.team.name | quote }}
        sub: {{ .Values.global.sub | quote }}
        greeting: {{ include "shared.greeting" . | quote }}
        message: {{ .Values.message | quote }}
        chart: {{ .Chart.Name }}-{{ .Chart.Version }}-{{ .Chart.IsRoot }}
        template: {{ .Template.Name }}
        base: {{ .Template.BasePath }}
""",
    "templates/NOTES.txt": "backend notes {{ .Release.Name }}\n",
    "crds/backend-crd.yaml": CRD.replace("widgets", "gizmos").replace("Widget", "Gizmo"),
    "charts/leaf/Chart.yaml": chart_yaml("leaf"),
    "charts/leaf/values.yaml": "color: green\n",
    "charts/leaf/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaf-{{ .Release.Name }}\ndata:\n  color: {{ .Values.color }}\n  region: {{ .Values.global.region }}\n  path: {{ .Template.Name }}\n",
}

CACHE = {
    "Chart.yaml": chart_yaml("cache", version="2.0.0"),
    "values.yaml": "size: 10\n",
    "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cache\ndata:\n  size: {{ .Values.size | quote }}\n",
}

WORKER = {
    "Chart.yaml": chart_yaml("worker", version="0.3.1"),
    "values.yaml": "queue: default-queue\nthreads: 4\nshared:\n  from: worker\n  level: 7\n",
    "templates/cm.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Chart.Name }}-{{ .Release.Name }}
data:
  queue: {{ .Values.queue | quote }}
  threads: {{ .Values.threads | quote }}
  name: {{ .Chart.Name | quote }}
""",
}

EXTRAS = {
    "Chart.yaml": chart_yaml("extras"),
    "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extras\n",
}

LIBRARY = {
    "Chart.yaml": "apiVersion: v2\nname: common\nversion: 1.0.0\ntype: library\n",
    "templates/_lib.tpl": '{{- define "common.label" -}}lib-{{ .Chart.Name }}{{- end }}\n',
    "templates/ignored.yaml": "this: is not rendered for a library\n",
}


def full_chart() -> Tree:
    parent_chart = chart_yaml(
        "app",
        version="1.0.0",
        extra="""kubeVersion: ">=1.20.0-0"
keywords: [web, demo]
annotations:
  example.com/x: "1"
dependencies:
  - name: backend
    version: ~1.4.0
    repository: file://charts/backend
    condition: backend.enabled
  - name: cache
    version: ">=2.0.0"
    repository: https://example.com/charts
    condition: cache.enabled
  - name: worker
    version: 0.3.x
    repository: https://example.com/charts
    alias: jobs
    import-values:
      - child: shared
        parent: fromWorker
  - name: worker
    version: "*"
    repository: https://example.com/charts
    alias: worker
  - name: extras
    version: 0.1.0
    repository: https://example.com/charts
    tags: [extras]
  - name: common
    version: 1.x.x
    repository: https://example.com/charts
  - name: backend
    version: 1.4.0
    repository: file://charts/backend
    alias: second
    import-values: [ports]
""",
    )
    tree: Tree = {
        "Chart.yaml": parent_chart,
        "values.yaml": PARENT_VALUES,
        ".helmignore": "# comment\n*.key\nignored-dir/\n",
        "templates/_helpers.tpl": HELPERS,
        "templates/deployment.yaml": DEPLOYMENT,
        "templates/configmap.yaml": CONFIGMAP,
        "templates/files.yaml": FILES_CM,
        "templates/hooks.yaml": HOOKS,
        "templates/tests/test-connection.yaml": TEST_HOOK,
        "templates/kinds.yaml": KINDS,
        "templates/NOTES.txt": NOTES,
        "templates/empty.yaml": "{{- if .Values.never }}\nkind: Never\n{{- end }}\n",
        "templates/library-user.yaml": 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: uses-lib\ndata:\n  label: {{ include "common.label" . }}\n',
        "templates/.hidden.yaml": "never: loaded\n",
        "crds/widget.yaml": CRD,
        "crds/readme.txt": "not a manifest\n",
        "files/a.txt": "alpha\n",
        "files/lines.txt": "one\ntwo\nthree\n",
        "files/secret.key": "ignored by .helmignore\n",
        "files/conf/app.properties": "x=1\ny=2\n",
        "files/conf/other.ini": "[s]\nk = v\n",
        "ignored-dir/x.txt": "never loaded\n",
        "charts/cache/Chart.yaml": CACHE["Chart.yaml"],
        "charts/extras-0.1.0.tgz": tgz("extras", EXTRAS),
        "charts/common-1.0.0.tgz": tgz("common", LIBRARY),
        "charts/worker-0.3.1.tgz": tgz("worker", WORKER),
    }
    for name, content in BACKEND.items():
        tree[f"charts/backend/{name}"] = content
    for name, content in CACHE.items():
        tree[f"charts/cache/{name}"] = content
    return tree


def v1_chart() -> Tree:
    """A Helm 2 style chart: apiVersion v1 with requirements.yaml."""
    return {
        "Chart.yaml": "apiVersion: v1\nname: legacy\nversion: 0.2.0\n",
        "requirements.yaml": "dependencies:\n  - name: leaf\n    version: 0.1.0\n    repository: file://charts/leaf\n    condition: leaf.enabled\n",
        "requirements.lock": 'dependencies:\n  - name: leaf\n    version: 0.1.0\n    repository: file://charts/leaf\ndigest: sha256:0\ngenerated: "2020-01-01T00:00:00Z"\n',
        "values.yaml": "leaf:\n  enabled: true\n  color: blue\n",
        "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: legacy\ndata:\n  files: {{ range $p, $_ := .Files }}{{ $p }} {{ end }}\n",
        "charts/leaf/Chart.yaml": chart_yaml("leaf"),
        "charts/leaf/templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: leaf\ndata:\n  color: {{ .Values.color }}\n",
    }


def values_chart() -> Tree:
    """Values typing, coalescing and deletion made visible."""
    return {
        "Chart.yaml": chart_yaml("vals"),
        "values.yaml": """a: 1
b: two
c: [1, 2, 3]
d:
  e: deep
  f: {g: h}
  drop: remove-me
keep: kept
removeMe: default
list:
  - name: first
    port: 80
empty: {}
n: null
sub:
  x: 1
""",
        "templates/out.yaml": """apiVersion: v1
kind: ConfigMap
metadata:
  name: values
data:
  all: |
    {{- toYaml .Values | nindent 4 }}
  types: |
    {{- range $k, $v := .Values }}
    {{ $k }}: {{ kindOf $v }}
    {{- end }}
  json: {{ toJson .Values | quote }}
  int-math: {{ add .Values.a 1 | quote }}
  lookup: {{ lookup "v1" "Secret" "kube-system" "token" | toJson | quote }}
  dns: {{ getHostByName "example.com" | quote }}
""",
    }


def schema_chart() -> Tree:
    return {
        "Chart.yaml": chart_yaml("schemed"),
        "values.yaml": "replicas: 2\nname: ok\nimage:\n  repo: nginx\nports: [80]\n",
        "values.schema.json": """{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "required": ["replicas", "image"],
  "properties": {
    "replicas": {"type": "integer", "minimum": 1},
    "name": {"type": "string", "maxLength": 10},
    "image": {"type": "object", "additionalProperties": false, "properties": {"repo": {"type": "string"}}},
    "ports": {"type": "array", "items": {"type": "integer"}}
  }
}
""",
        "templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: schemed\ndata:\n  replicas: {{ .Values.replicas | quote }}\n",
    }


def large_chart(*, subcharts: int = 5, templates_per_chart: int = 20) -> Tree:
    """A chart of (1 + subcharts) x templates_per_chart rendered templates."""
    tree: Tree = {}

    def one_chart(prefix: str, name: str) -> None:
        tree[f"{prefix}Chart.yaml"] = chart_yaml(name)
        tree[f"{prefix}values.yaml"] = (
            "replicas: 2\nimage: {repository: nginx, tag: '1.25'}\nlabels:\n  tier: web\n  owner: team-a\nports: [80, 443, 8080]\nresources:\n  limits: {cpu: 100m, memory: 128Mi}\n"
        )
        tree[f"{prefix}templates/_helpers.tpl"] = (
            f'{{{{- define "{name}.fullname" -}}}}{{{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}}}{{{{- end }}}}\n'
            f'{{{{- define "{name}.labels" -}}}}\napp: {{{{ .Chart.Name }}}}\nrelease: {{{{ .Release.Name }}}}\n{{{{- range $k, $v := .Values.labels }}}}\n{{{{ $k }}}}: {{{{ $v | quote }}}}\n{{{{- end }}}}\n{{{{- end }}}}\n'
        )
        kinds = ["Deployment", "Service", "ConfigMap", "Secret", "ServiceAccount"]
        for i in range(templates_per_chart):
            kind = kinds[i % len(kinds)]
            body = (
                f"apiVersion: v1\nkind: {kind}\nmetadata:\n"
                f'  name: {{{{ include "{name}.fullname" . }}}}-{i}\n'
                f'  labels:\n    {{{{- include "{name}.labels" . | nindent 4 }}}}\n'
                f"spec:\n  replicas: {{{{ .Values.replicas }}}}\n"
                f'  image: "{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag }}}}"\n'
                f"  ports:\n  {{{{- range .Values.ports }}}}\n    - {{{{ . }}}}\n  {{{{- end }}}}\n"
                f"  resources:\n    {{{{- toYaml .Values.resources | nindent 4 }}}}\n"
                f'  index: {i}\n  checksum: sum-{{{{ printf "%s-{i}" .Chart.Name | sha256sum | trunc 12 }}}}\n'
            )
            tree[f"{prefix}templates/t{i:03d}.yaml"] = body

    one_chart("", "big")
    for s in range(subcharts):
        one_chart(f"charts/sub{s}/", f"sub{s}")
    return tree
