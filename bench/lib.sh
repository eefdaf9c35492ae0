# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the bench scripts (sourced).

now() { date +%s.%N; }

# spread_pdfs DIR MAX LIST CHECK: up to about MAX PDFs of DIR, spread
# evenly over its sorted list, one per base name (outputs share a
# directory), each one for which `CHECK FILE` succeeds, into LIST.
spread_pdfs() {
  local dir=$1 max=$2 list=$3 check=$4 all step i=0 f b
  local -A seen=()
  : > "$list"
  all=$(find "$dir" -type f -iname '*.pdf' | wc -l)
  step=$(( all > max ? all / max : 1 ))
  while IFS= read -r -d '' f; do
    i=$((i + 1))
    [ $(( i % step )) = 0 ] || continue
    b=$(basename "$f")
    [ -z "${seen[$b]:-}" ] || continue
    seen[$b]=1
    if "$check" "$f"; then
      printf '%s\n' "$f" >> "$list"
    fi
  done < <(find "$dir" -type f -iname '*.pdf' -print0 | sort -z)
}

# office_samples LIST [DIR]: the six Office/ODF samples, ten times each,
# into LIST; with DIR, copied there under distinct names first (for runs
# that write every output into one directory).
office_samples() {
  local list=$1 dir=${2:-} i s
  : > "$list"
  [ -z "$dir" ] || mkdir -p "$dir"
  for i in $(seq 10); do
    for s in meeting-notes.docx caseload.xlsx training.pptx pupil-letter.odt attendance.ods \
             briefing.odp; do
      if [ -n "$dir" ]; then
        cp "samples/$s" "$dir/$i-$s"
        printf '%s\n' "$dir/$i-$s" >> "$list"
      else
        printf '%s\n' "samples/$s" >> "$list"
      fi
    done
  done
}

# require_tools TOOL...: pmark built ($PMARK) and each TOOL on the PATH,
# or an exit saying how to get them.
require_tools() {
  [ -x "$PMARK" ] || { echo "build pmark first (meson setup build && ninja -C build)"; exit 1; }
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null || { echo "$t is not installed (tools/install-deps.sh)"; exit 1; }
  done
}

# best CMD...: the fastest of $RUNS runs of CMD, in seconds (its output
# discarded).
best() {
  local b= s e t
  for _ in $(seq "$RUNS"); do
    s=$(now); "$@" > /dev/null 2>&1; e=$(now)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
  done
  echo "$b"
}
