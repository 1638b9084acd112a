#!/usr/bin/env bash
# Ensures Node 24 in the tool cache and prints its bin directory (ensure-node.sh 24): code-server
# 4.139 and vsce 4.x need Node >= 22, and the tests run on it as the second Node.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-node.sh" 24
