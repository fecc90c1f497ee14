# Sourced by setup.sh; conftest.py sets the same: Airflow's home and SQLite database under
# target/integrations/airflow/home (made once per checkout by setup.sh), no example DAGs.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
export AIRFLOW_HOME="$root/target/integrations/airflow/home"
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="sqlite:///$AIRFLOW_HOME/airflow.db"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__UNIT_TEST_MODE=False
export AIRFLOW__CORE__DAGS_FOLDER="$root/tests/integrations/airflow/dags"
