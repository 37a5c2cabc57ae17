.PHONY: demo test setup code-sample bench bench-web bench-documents bench-screen mutation

# The main job: the app with synthetic demo data on the embedded SQLite database.
demo: setup
	.venv/bin/coolclaim serve --demo

# The whole test suite (installs what it needs; starts PostgreSQL if it is not running).
test:
	./scripts/test.sh

setup:
	./scripts/setup.sh

# Code the sample sessions shipped in samples/ (exit 1: the sample holds one bad record on purpose).
code-sample: setup
	.venv/bin/coolclaim code samples/sessions.jsonl --format csv; test $$? -le 1

bench: setup
	.venv/bin/python bench/coding.py

bench-web: setup
	.venv/bin/python bench/web.py

bench-documents: setup
	.venv/bin/python bench/documents.py

bench-screen: setup
	.venv/bin/python bench/screening.py

# Mutation testing (mutmut) of the rule modules and the security-relevant web modules, one module
# at a time, niced; prints each module's score and the total. Not part of CI (it takes long).
mutation: setup
	./scripts/mutation.sh
