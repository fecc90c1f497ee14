"""Airflow's environment (as env.sh, which setup.sh used to migrate the database) and the
listener's configuration, set before Airflow is imported."""

import os
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
HOME = ROOT / "target" / "integrations" / "airflow" / "home"
os.environ["AIRFLOW_HOME"] = str(HOME)
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{HOME}/airflow.db"
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
DAGS_FOLDER = Path(__file__).resolve().parent / "dags"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_FOLDER)
sys.path.insert(0, str(DAGS_FOLDER))
# The plugin's own configuration, read from the environment on its first event.
TOPIC = f"wfe-airflow-{uuid.uuid4().hex[:12]}"
os.environ["WORKFLOW_EVENTS_TOPIC"] = TOPIC
os.environ["WORKFLOW_EVENTS_ENVIRONMENT"] = "staging"
if os.environ.get("KAFKA_BOOTSTRAP"):
    os.environ["WORKFLOW_EVENTS_BOOTSTRAP_SERVERS"] = os.environ["KAFKA_BOOTSTRAP"]
