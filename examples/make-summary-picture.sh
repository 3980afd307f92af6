#!/usr/bin/env bash
# Makes docs/summary.png, the step summary shown in the README, from a real run against the local sandbox:
#   bash examples/make-summary-picture.sh                  # the hook failure that rolls back (default)
#   bash examples/make-summary-picture.sh canary-success   # the canary that succeeds
# It runs examples/run-local.sh, renders its summary.md to HTML (examples/summary-to-html.py, Python 3 standard
# library) and screenshots the page with headless Chromium. Needs Python 3 and Chromium; on Debian or Ubuntu:
#   sudo apt-get install -y chromium fonts-dejavu-core fonts-noto-color-emoji   # chromium-browser on older Ubuntu
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-hook-failure-rollback}"
output="${2:-docs/summary.png}"
say() { printf 'make-summary-picture: %s\n' "$*"; }

browser=""
for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
done
[ -n "$browser" ] || { echo "make-summary-picture: no Chromium found; install it with: sudo apt-get install -y chromium" >&2; exit 2; }
command -v python3 >/dev/null 2>&1 || { echo "make-summary-picture: python3 is needed to render the summary" >&2; exit 2; }

say "running examples/run-local.sh $scenario (its exit code is not an error here)..."
bash examples/run-local.sh "$scenario" >/dev/null || true
summary="artifacts/run-local/$scenario/summary.md"
[ -s "$summary" ] || { echo "make-summary-picture: the run left no $summary" >&2; exit 1; }

page="$PWD/artifacts/run-local/$scenario/summary.html"
python3 examples/summary-to-html.py "$summary" >"$page"
chrome() { "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 "$@" 2>/dev/null; }
# The page writes its height into the DOM; the screenshot is then cut to it (the diff stays folded, as on GitHub).
height=$(chrome --window-size=1000,800 --dump-dom "file://$page" | sed -n 's/.*data-height="\([0-9]*\)".*/\1/p' | head -n 1)
mkdir -p "$(dirname "$output")"
say "screenshotting $page (1000 x ${height:-1600} px) with $browser..."
chrome --window-size=1000,"${height:-1600}" --screenshot="$PWD/$output" "file://$page" >/dev/null
[ -s "$output" ] || { echo "make-summary-picture: Chromium wrote no $output" >&2; exit 1; }
say "wrote $output from $summary"
