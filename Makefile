# xecu — the two commands a fresh clone needs, and a few conveniences. Each installs what it needs.
.PHONY: demo test bench lint package migrate clean-local airflow

## demo: the main job end to end, offline, on the embedded default (sample data → ingest → warehouse summary)
demo:
	bash scripts/bootstrap.sh
	bash scripts/ensure-chromium.sh || echo "demo: no Chromium could be installed; the xetot scrape will be skipped" >&2
	node_modules/.bin/node bin/xecu.mjs demo

## test: every test (type-check, lint, unit, integration, e2e, infra)
test:
	bash scripts/test.sh

## bench: the clean benchmark (100k and 1M records), then the scraper's (pages/s, listings/s on the fixture sites)
bench:
	bash scripts/bootstrap.sh
	PATH="$(CURDIR)/node_modules/.bin:$$PATH" npm run --silent bench:clean
	bash scripts/ensure-chromium.sh
	PATH="$(CURDIR)/node_modules/.bin:$$PATH" npm run --silent bench:scrape

lint:
	bash scripts/bootstrap.sh
	bash scripts/lint.sh

## package: the AWS deployment package of STAGE (default dev), offline (no credentials needed), into .serverless/
package:
	bash scripts/bootstrap.sh
	bash scripts/sls-package.sh $(STAGE)$(if $(REGION), $(REGION))

## migrate: create or update the warehouse tables of a deployed stage (AWS credentials needed), after
## `npx sls deploy --stage $(STAGE)`; idempotent. REGION=… when the stage is not in ap-southeast-1.
## AWS_CLIENT_TIMEOUT (ms) outlasts the function's 360 s: osls's 120 s socket default would drop the synchronous
## invoke and retry it, starting a second migration beside the first.
STAGE ?= dev
migrate:
	bash scripts/bootstrap.sh
	PATH="$(CURDIR)/node_modules/.bin:$$PATH" AWS_CLIENT_TIMEOUT=420000 \
	  npx sls invoke -f migrate --stage $(STAGE)$(if $(REGION), --region $(REGION))

## airflow: a local Airflow (standalone) on http://127.0.0.1:8080 with the DAGs of dags/, `xecu sfn-server` on
## 127.0.0.1:8083 and the fixture sites, offline (home .xecu, AIRFLOW_HOME .airflow). It prints the login: user
## admin and a generated password (also in .airflow/simple_auth_manager_passwords.json.generated). Ctrl-C stops it.
airflow:
	bash scripts/bootstrap.sh
	bash scripts/setup-airflow.sh
	bash dags/tools/local-airflow.sh

## clean-local: forget the offline state (.xecu: objects, PGlite data, executions, logs)
clean-local:
	rm -rf .xecu
