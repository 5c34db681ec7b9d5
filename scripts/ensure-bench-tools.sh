#!/usr/bin/env bash
# The HTTP benchmark drives gunicorn with wrk (Debian package wrk).
set -euo pipefail
"$(dirname "$0")/ensure-command.sh" wrk wrk "mesures de débit" "the throughput benchmark"
