#!/usr/bin/env bash
# Checks the Kubernetes manifests without a cluster: a developer's aid, not part of CI.
#
#   k8s/validate.sh
#
# Needs python3 with PyYAML (python3 -m pip install pyyaml, or apt-get install python3-yaml) and, for the checks on
# the rendered overlays, `kubectl` (its built-in kustomize) or `kustomize`. Without either it still parses every
# file and checks the kustomization paths.
#
# What it checks:
#   - every YAML file under k8s/ parses; every path a kustomization names (resources, components, patches,
#     configurations, generator files) exists
#   - base, overlays/dev and overlays/prod render (prod from a temporary copy with the *.env.example files as its
#     secrets, so nothing is written into the tree)
#   - in each render: every configMapRef/secretRef/valueFrom names a ConfigMap/Secret (and key) that is rendered
#     too, or one an operator creates (metagov-pg-app); ports, QUARKUS_HTTP_PORT, probe ports and paths,
#     Prometheus annotations and Services agree, with the ports each service's application.properties sets;
#     Services, Ingresses, PDBs, HPAs and NetworkPolicies select or name workloads that exist; the pod and container
#     security settings; KAFKA_BOOTSTRAP_SERVERS names the Strimzi bootstrap Service; datasource URLs name the
#     CloudNativePG -rw Service and a database that the Cluster or a Database resource creates, with its owner's
#     credentials; every topic of Topics.java has a KafkaTopic with the right cleanup policy; the plugin-runner HPA
#     stays within the action-requests partitions
#   - warns about placeholder secrets (CHANGE-ME / REPLACE_ME)
set -euo pipefail

K8S_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$K8S_DIR/.." && pwd)"

if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "validate.sh needs PyYAML: python3 -m pip install pyyaml (or apt-get install python3-yaml)" >&2
  exit 2
fi

RENDER=""
if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
  RENDER="kubectl kustomize"
elif command -v kustomize >/dev/null 2>&1; then
  RENDER="kustomize build"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# prod reads its secrets from git-ignored files: render a copy that uses the templates instead
cp -r "$K8S_DIR" "$WORK/k8s"
for example in "$WORK"/k8s/overlays/prod/secrets/*.env.example; do
  cp "$example" "${example%.example}"
done

if [ -n "$RENDER" ]; then
  # the optional PodMonitor component, on top of the base
  mkdir -p "$WORK/k8s/overlays/with-podmonitor"
  printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\ncomponents:\n  - ../../components/podmonitor\n' \
    >"$WORK/k8s/overlays/with-podmonitor/kustomization.yaml"
  for target in base overlays/dev overlays/prod overlays/with-podmonitor; do
    out="$WORK/render-$(echo "$target" | tr / -).yaml"
    # a failed render is reported with the other results (the static checks still run)
    $RENDER "$WORK/k8s/$target" >"$out" 2>"$out.err" || mv "$out.err" "$out.failed"
  done
else
  echo "note: neither 'kubectl kustomize' nor 'kustomize' found; skipping the checks on rendered output" >&2
fi

K8S_DIR="$K8S_DIR" ROOT="$ROOT" WORK="$WORK" RENDERED="${RENDER:+yes}" python3 "$K8S_DIR/validate.py"
