#!/bin/sh
# A minimal exec credential plugin: prints an ExecCredential with a token valid for ten minutes.
# Real plugins (aws eks get-token, gke-gcloud-auth-plugin, kubelogin) fetch the token from an identity
# provider; this one reads it from $TOKEN_FILE so it can be tried against `capstan sandbox --api-only`.
set -eu
token=$(cat "${TOKEN_FILE:?set TOKEN_FILE in the kubeconfig's exec.env}")
expiry=$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v+10M +%Y-%m-%dT%H:%M:%SZ)
# KUBERNETES_EXEC_INFO tells the plugin whether it may prompt and, with provideClusterInfo, which cluster.
echo "plugin called with: $KUBERNETES_EXEC_INFO" >&2
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' "$token" "$expiry"
