#!/usr/bin/env bash
# setup.sh VENV: Airflow's SQLite metadata database, migrated once (kept in target/ afterwards).
set -euo pipefail
source "$(dirname "$0")/env.sh"
mkdir -p "$AIRFLOW_HOME"
if [ ! -f "$AIRFLOW_HOME/airflow.db.migrated" ]; then
  "$1/bin/airflow" db migrate >"$AIRFLOW_HOME/migrate.log" 2>&1 || { tail -n 40 "$AIRFLOW_HOME/migrate.log" >&2; exit 1; }
  touch "$AIRFLOW_HOME/airflow.db.migrated"
fi
