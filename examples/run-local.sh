#!/usr/bin/env bash
# Runs the action's main job on this machine against the local AWS sandbox:
#   bash examples/run-local.sh                         # canary deployment that succeeds (exit 0)
#   bash examples/run-local.sh hook-failure-rollback   # a hook fails and CodeDeploy rolls back (exit 1)
# It builds both programs, starts the sandbox with examples/sandbox/<scenario>.yaml (one simulated
# minute per real second), runs the action with the inputs below, and stops the sandbox. The step
# summary, the outputs and the rendered task definition are kept in artifacts/run-local/<scenario>/.
# Two settings from the environment:
#   ACTION_PROGRAM=artifacts/publish/ecs-deploy   run that published executable (.ci/publish) instead of the build
#   AUTH=web-identity                             sign in as a GitHub OIDC job does: the SDK trades a token file for
#                                                 a role's temporary keys at the sandbox's STS, instead of static keys
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-canary-success}"
scenario_file="examples/sandbox/${scenario}.yaml"
[ -f "$scenario_file" ] || { echo "run-local: no scenario '$scenario' (see examples/sandbox/)" >&2; exit 2; }
say() { printf 'run-local: %s\n' "$*"; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
say "building ${projects[*]} (Release; about a minute the first time)..."
started=$SECONDS
build_log=$(mktemp)
program=(dotnet src/EcsDeploy/bin/Release/net10.0/ecs-deploy.dll)
projects=(src/EcsDeploy.Sandbox src/EcsDeploy)
if [ -n "${ACTION_PROGRAM:-}" ]; then
  [ -x "$ACTION_PROGRAM" ] || { echo "run-local: ACTION_PROGRAM '$ACTION_PROGRAM' is not an executable file" >&2; exit 2; }
  program=("$(cd "$(dirname "$ACTION_PROGRAM")" && pwd)/$(basename "$ACTION_PROGRAM")")
  projects=(src/EcsDeploy.Sandbox)
fi
case "${AUTH:-keys}" in
  keys|web-identity) ;;
  *) echo "run-local: AUTH '$AUTH' is not 'keys' or 'web-identity'" >&2; exit 2 ;;
esac
for project in "${projects[@]}"; do
  if ! dotnet build "$project" -c Release -nologo -v q >"$build_log" 2>&1; then
    cat "$build_log" >&2; rm -f "$build_log"
    echo "run-local: building $project failed (above)" >&2
    exit 1
  fi
done
rm -f "$build_log"
say "built in $((SECONDS - started)) s"

out="$PWD/artifacts/run-local/$scenario"
rm -rf "$out"
mkdir -p "$out"
sandbox_log="$out/sandbox.log"
say "starting the sandbox with $scenario_file (one simulated minute per real second)..."
dotnet src/EcsDeploy.Sandbox/bin/Release/net10.0/ecs-sandbox.dll \
  --port 0 --scenario "$scenario_file" --time-scale 60 >"$sandbox_log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT

endpoint=""
for _ in $(seq 1 100); do
  endpoint=$(sed -n 's/^sandbox listening on \(http[^ ]*\).*/\1/p' "$sandbox_log" | head -n 1)
  [ -n "$endpoint" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { cat "$sandbox_log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$endpoint" ] || { echo "run-local: the sandbox did not start" >&2; cat "$sandbox_log" >&2; exit 1; }
say "running ${program[*]} against the sandbox at $endpoint"
echo

# The workspace is a copy, because the action writes the rendered task definition into it (.ecs-deploy/).
workspace="$out/workspace"
mkdir -p "$workspace"
cp examples/taskdef.json examples/appspec.yaml "$workspace/"
credentials=(AWS_ACCESS_KEY_ID=AKIDSANDBOXEXAMPLE AWS_SECRET_ACCESS_KEY=sandbox/secret/EXAMPLEKEY0000000000000)
if [ "${AUTH:-keys}" = web-identity ]; then
  # A token shaped like the one GitHub issues (header.payload.signature); the sandbox's STS checks its shape only.
  printf '%s' "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUvd2ViOnJlZjpyZWZzL2hlYWRzL21haW4ifQ.c2lnbmF0dXJl" >"$out/oidc-token"
  credentials=(AWS_WEB_IDENTITY_TOKEN_FILE="$out/oidc-token" AWS_ROLE_ARN=arn:aws:iam::111122223333:role/deploy)
  say "signing in with web identity: role arn:aws:iam::111122223333:role/deploy, token in ${out#"$PWD"/}/oidc-token"
fi
# GITHUB_ACTIONS is not "true" here, so the action prints for a terminal: no workflow commands, no masks.
set +e
env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 GITHUB_ACTIONS=false \
  AWS_ENDPOINT_URL="$endpoint" AWS_REGION=us-east-1 \
  "${credentials[@]}" \
  GITHUB_WORKSPACE="$workspace" RUNNER_TEMP="$out" \
  GITHUB_REPOSITORY=example/web GITHUB_SHA=0123456789abcdef0123456789abcdef01234567 GITHUB_REF_NAME=main \
  GITHUB_SERVER_URL=https://github.com GITHUB_RUN_ID=1 \
  GITHUB_STEP_SUMMARY="$out/summary.md" GITHUB_OUTPUT="$out/outputs.txt" \
  INPUT_TASK-DEFINITION=taskdef.json INPUT_CODEDEPLOY-APPSPEC=appspec.yaml \
  INPUT_CLUSTER=prod INPUT_SERVICE=web INPUT_POLL-INTERVAL=1 \
  "${program[@]}"
rc=$?
set -e
echo
echo "outputs:"
# GITHUB_OUTPUT holds name<<DELIMITER / value / DELIMITER blocks.
awk '/<<ghadelimiter_/ { split($0, a, "<<"); name = a[1]; delim = a[2]; value = ""; next }
     $0 == delim { printf "  %s=%s\n", name, value; delim = ""; next }
     delim != "" { value = (value == "" ? $0 : value "\n" $0) }' "$out/outputs.txt" 2>/dev/null || true
echo
echo "kept in ${out#"$PWD"/}/:"
[ -f "$out/summary.md" ] && echo "  step summary:             ${out#"$PWD"/}/summary.md"
for rendered in "$workspace"/.ecs-deploy/*.json; do
  [ -f "$rendered" ] && echo "  rendered task definition: ${rendered#"$PWD"/}"
done
echo "  outputs:                  ${out#"$PWD"/}/outputs.txt"
echo "  sandbox log:              ${out#"$PWD"/}/sandbox.log"
echo "exit code: $rc"
exit "$rc"
