#!/usr/bin/env bash
# Builds the six service images with Jib (no Docker daemon needed) and pushes them to a registry, named as
# k8s/base/kustomization.yaml expects: $REGISTRY/$GROUP/<module>:$TAG.
#
#   deploy/k8s/build-images.sh                       # ghcr.io/metagov-kafka/<module>:<git short sha>
#   REGISTRY=registry.example.org GROUP=metagov TAG=0.1.0 deploy/k8s/build-images.sh
#   SERVICES=gateway-service,metastore-service deploy/k8s/build-images.sh
#
# Registry login: Jib reads ~/.docker/config.json (docker login / podman login --authfile) and credential helpers,
# or set QUARKUS_CONTAINER_IMAGE_USERNAME and QUARKUS_CONTAINER_IMAGE_PASSWORD (e.g. a GitHub token for ghcr.io).
#
# Every service pom declares quarkus-container-image-jib, so the same can also be done by hand:
#   ./mvnw package -DskipTests -Dquarkus.container-image.build=true -Dquarkus.container-image.push=true ...
# Then point the overlay's images: list at the tag (the script prints the entries).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REGISTRY="${REGISTRY:-ghcr.io}"
GROUP="${GROUP:-metagov-kafka}"
TAG="${TAG:-$(git -C "$ROOT" rev-parse --short HEAD)}"
SERVICES="${SERVICES:-gateway-service,community-service,plugin-runner-service,process-service,event-dispatcher,metastore-service}"

cd "$ROOT"
echo "[images] installing the shared libraries (tests skipped)"
./mvnw -B -ntp -q install -DskipTests -pl '!e2e'

echo "[images] building and pushing $REGISTRY/$GROUP/{$SERVICES}:$TAG"
./mvnw -B -ntp -pl "$SERVICES" package quarkus:image-push -DskipTests \
  -Dquarkus.container-image.builder=jib \
  -Dquarkus.container-image.registry="$REGISTRY" \
  -Dquarkus.container-image.group="$GROUP" \
  -Dquarkus.container-image.tag="$TAG" \
  -Dquarkus.container-image.additional-tags=latest

echo "[images] pushed; in your overlay's images: (the name is the one the base maps each module to):"
IFS=, read -r -a modules <<<"$SERVICES"
for module in "${modules[@]}"; do
  echo "  - name: ghcr.io/metagov-kafka/$module"
  echo "    newName: $REGISTRY/$GROUP/$module"
  echo "    newTag: \"$TAG\""
done
