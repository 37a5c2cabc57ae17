#!/usr/bin/env bash
# Mutation testing (mutmut), one module at a time, each with the narrow test selection that
# states its rules; niced, outside CI. Prints each module's score and the total.
#
#   ./scripts/mutation.sh                      every target below
#   ./scripts/mutation.sh coverage-judge ...   only the named targets
#   MUTATION_FRESH=1 ./scripts/mutation.sh     forget earlier results
#   MUTATION_CHILDREN=2 ./scripts/mutation.sh  two mutants at a time (default one)
#   MUTATION_RETRY=1 ./scripts/mutation.sh ... test again only the mutants that survived (or had
#                                              no test) last time, after adding tests for them
#
# Each target runs in build/mutation/<name>/ (a pyproject.toml with its own [tool.mutmut],
# src and tests linked), so targets never share mutmut's state. Survivors:
#   (cd build/mutation/<name> && ../../../.venv/bin/mutmut results)     list
#   (cd build/mutation/<name> && ../../../.venv/bin/mutmut show <id>)   the diff
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# name | module file (under src/) | tests that state its rules (the CLI tests that only run
# `coolclaim` in a subprocess are left out: mutmut runs a test against a mutant only when the test
# called the mutated function in-process, so they could never kill one)
targets=(
  "web-scoping|coolclaim/web/accounts/scoping.py|tests/web/accounts"
  "web-permissions|coolclaim/web/accounts/permissions.py|tests/web/accounts"
  "web-immutable-lines|coolclaim/web/billing/models/line.py|tests/web/billing/test_models.py tests/web/billing/test_immutability.py"
  "web-immutable-edits|coolclaim/web/billing/models/edit.py|tests/web/billing/test_models.py tests/web/billing/test_immutability.py"
  "web-immutable-versions|coolclaim/web/billing/models/version.py|tests/web/billing/test_models.py tests/web/billing/test_immutability.py"
  "web-audit|coolclaim/web/audit.py|tests/web/test_audit.py"
  "coding-timing|coolclaim/coding/timing.py|tests/core/coding"
  "coding-session-coder|coolclaim/coding/session_coder.py|tests/core/coding"
  "coverage-judge|coolclaim/coverage/judge.py|tests/core/coverage"
  "coverage-payers|coolclaim/coverage/payers.py|tests/core/coverage"
  "assistance-hairtostay|coolclaim/assistance/hairtostay.py|tests/core/assistance/test_boundaries.py tests/core/assistance/test_output.py tests/core/assistance/test_parse.py tests/core/assistance/test_reasons.py tests/core/assistance/test_self_pay.py"
  "assistance-self-pay|coolclaim/assistance/self_pay.py|tests/core/assistance/test_boundaries.py tests/core/assistance/test_output.py tests/core/assistance/test_parse.py tests/core/assistance/test_reasons.py tests/core/assistance/test_self_pay.py"
  "hub-transitions|coolclaim/hub/transitions.py|tests/core/hub/test_contract_example.py tests/core/hub/test_deadlines.py tests/core/hub/test_outcomes.py tests/core/hub/test_parsing.py tests/core/hub/test_transitions.py"
  "hub-deadlines|coolclaim/hub/deadlines.py|tests/core/hub/test_contract_example.py tests/core/hub/test_deadlines.py tests/core/hub/test_outcomes.py tests/core/hub/test_parsing.py tests/core/hub/test_transitions.py"
  "calendars-business-days|coolclaim/calendars/business_days.py|tests/core/calendars tests/core/hub/test_deadlines.py"
  "claims-balancing|coolclaim/claims/balancing.py|tests/core/claims"
  "claims-matching|coolclaim/claims/matching.py|tests/core/claims"
)

wanted=("$@")
total_killed=0
total_all=0
summary=()
for target in "${targets[@]}"; do
  IFS='|' read -r name module tests <<<"$target"
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then
    continue
  fi
  [ -f "src/$module" ] || { echo "no src/$module" >&2; exit 2; }
  work="build/mutation/$name"
  # mutmut keeps its results in $work/mutants and runs again only what changed;
  # MUTATION_FRESH=1 starts a target from scratch
  [ "${MUTATION_FRESH:-}" = "1" ] && rm -rf "$work"
  mkdir -p "$work"
  for link in src tests samples; do [ -e "$work/$link" ] || ln -s "$root/$link" "$work/$link"; done
  selection=$(printf '"%s", ' $tests)
  {
    cat pyproject.toml
    printf '\n[tool.mutmut]\n'
    printf 'source_paths = ["src"]\n'
    printf 'only_mutate = ["src/%s"]\n' "$module"
    # the hypothesis properties (test_properties.py) run hundreds of examples per mutant: the
    # example-based tests state the rules; the properties run in the ordinary suite.
    # --no-migrations: the Django targets' test database is made from the models (about 1 s)
    # instead of by replaying every migration (about 12 s) in each mutant's run
    printf 'pytest_add_cli_args = ["-p", "no:cacheprovider", "-x", "-q", "-k", "not properties", "--no-migrations"]\n'
    printf 'pytest_add_cli_args_test_selection = [%s]\n' "${selection%, }"
    printf 'also_copy = ["samples"]\n'
  } >"$work/pyproject.toml"
  # mutmut lets an earlier result stand unless the mutant is named: a retry names the survivors
  retry=()
  if [ "${MUTATION_RETRY:-}" = "1" ] && [ -d "$work/mutants" ]; then
    mapfile -t retry < <(cd "$work" && "$root/.venv/bin/mutmut" results 2>/dev/null |
      awk -F': ' '$2 == "survived" || $2 == "no tests" { sub(/^ +/, "", $1); print $1 }')
    echo "== $name: again the ${#retry[@]} survivors, against $tests"
  else
    echo "== $name: src/$module against $tests"
  fi
  if [ "${MUTATION_RETRY:-}" = "1" ] && [ ${#retry[@]} -eq 0 ]; then
    : # nothing survived: the earlier results stand
  else
    (cd "$work" && COOLCLAIM_MUTATION=1 nice -n 15 "$root/.venv/bin/mutmut" run --max-children "${MUTATION_CHILDREN:-1}" "${retry[@]}" \
      >mutmut.log 2>&1) || {
      echo "mutmut failed for $name: see $work/mutmut.log" >&2
      tail -20 "$work/mutmut.log" >&2
      continue
    }
  fi
  (cd "$work" && "$root/.venv/bin/mutmut" export-cicd-stats >/dev/null)
  counts=$("$root/.venv/bin/python" -c '
import json, sys
s = json.load(open(sys.argv[1]))
killed = s["killed"] + s["timeout"]
print(killed, s["survived"] + s["no_tests"] + s["suspicious"], s["skipped"])
' "$work/mutants/mutmut-cicd-stats.json")
  read -r killed survived other <<<"$counts"
  all=$((killed + survived))
  score=$([ "$all" -gt 0 ] && echo "scale=1; 100 * $killed / $all" | bc || echo "n/a")
  line="$name: $killed of $all mutants killed ($score%), $survived survived or untested, $other skipped"
  echo "   $line"
  summary+=("$line")
  total_killed=$((total_killed + killed))
  total_all=$((total_all + all))
done
echo "== mutation score"
for line in "${summary[@]}"; do echo "   $line"; done
if [ "$total_all" -gt 0 ]; then
  echo "   total: $total_killed of $total_all killed ($(echo "scale=1; 100 * $total_killed / $total_all" | bc)%)"
fi
