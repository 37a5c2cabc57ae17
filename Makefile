.PHONY: demo test setup bench

# The main job: the app with demo data on the embedded database.
demo: setup
	.venv/bin/coolclaim code samples/sessions.jsonl --format csv; test $$? -le 1

# The whole test suite (installs what it needs; PostgreSQL tests run when a server answers).
test:
	./scripts/test.sh

setup:
	./scripts/setup.sh

bench: setup
	.venv/bin/python bench/coding.py
