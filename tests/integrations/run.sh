#!/usr/bin/env bash
# tests/integrations/run.sh NAME [pytest args]: the tests of one framework integration
# (tests/integrations/NAME/) in that framework's own venv, target/integrations/NAME/ (made by
# venv.sh from the pinned tests/integrations/NAME/requirements.txt, with the newest generated
# package installed editable). Needs KAFKA_BOOTSTRAP (scripts/test's kafka block sets it).
# The Airflow tests include a real deployment (tests/integrations/airflow/scheduler/, about
# 2 minutes), which starts a broker of its own.
set -euo pipefail
cd "$(dirname "$0")/../.."
name="$1"; shift
venv="$(tests/integrations/venv.sh "$name")"
exec "$venv/bin/python" -m pytest "tests/integrations/$name" -q -p no:cacheprovider "$@"
