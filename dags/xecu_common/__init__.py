"""Helpers the xecu DAGs share: settings (one Airflow Variable), the xecu CLI runner, alerts. No DAGs here."""
