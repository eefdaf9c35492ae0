#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The long fuzzing campaign (tests/fuzz/RESULTS.md): each TARGET given is
# fuzzed in segments until it has had GOAL CPU-seconds (user + system, as
# /usr/bin/time measures them: time spent waiting behind other work is not
# counted). Its corpus, state and findings live in STATE_DIR, outside the
# tree (the corpora grow from the shared corpora's documents).
#
# Usage: tests/fuzz/campaign.sh TARGET...
#   TARGET: a fuzz-read format (text pdf docx xlsx pptx odf xml html zip
#   mail msg tnef doc xls ppt rtf sealed detect), or policy, marking, age.
# Environment: PMARK_FUZZ_STATE (default ../fuzz beside the checkout),
#   PMARK_FUZZ_BIN (default build-fuzz/tests/fuzz), GOAL (3600),
#   SEGMENT (900 wall seconds), PMARK_CORPUS_DIR (../shared/corpora).
# STATE_DIR/state/TARGET holds "cpu-seconds executions coverage corpus";
# STATE_DIR/summary.txt a line per segment. A segment that ends in a
# finding stops its target (the input is in STATE_DIR/artifacts/); one
# ended by timeout(1) (exit 124: paused by SIGSTOP while CI ran) is not a
# finding and its CPU time counts. Run beside other work at nice 19:
#   (setsid nohup tests/fuzz/campaign.sh pdf doc > ../fuzz/a.out 2>&1 &)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
state=${PMARK_FUZZ_STATE:-$root/../fuzz}
bin=${PMARK_FUZZ_BIN:-$root/build-fuzz/tests/fuzz}
corpora=${PMARK_CORPUS_DIR:-$root/../shared/corpora}
goal=${GOAL:-3600}
segment=${SEGMENT:-900}
mkdir -p "$state/state" "$state/corpus" "$state/artifacts" "$state/logs"

exts () {
  case $1 in
    text) echo "txt csv" ;; pdf) echo pdf ;; docx) echo "docx docm" ;;
    xlsx) echo xlsx ;; pptx) echo pptx ;; odf) echo "odt ods odp fodt fods fodp" ;;
    xml) echo "fodt fods fodp xml" ;; html) echo "html htm" ;;
    zip) echo "zip docx odt" ;; mail|marking) echo eml ;; msg) echo msg ;;
    tnef) echo "dat tnef" ;; doc) echo doc ;; xls) echo xls ;; ppt) echo ppt ;;
    rtf) echo rtf ;; sealed|age) echo age ;; policy) echo policy ;;
    detect) echo "txt pdf docx xlsx pptx odt eml msg doc rtf zip html age jpg" ;;
    *) return 1 ;;
  esac
}

dict () {
  case $1 in
    pdf) echo pdf ;; docx|xlsx|pptx|odf|xml|html) echo xml ;; rtf) echo rtf ;;
    mail|marking) echo mail ;; msg|doc|xls|ppt) echo ole ;; policy) echo policy ;;
  esac
}

# A new corpus: the seeds run.py would pick (samples/, policies/, the
# shared corpora by extension), each at most 200 KB, at most 200 of them;
# for age and sealed, files age(1) encrypted to the campaign's identity.
seed () {
  local t=$1 dir=$2 n=0 e f
  for e in $(exts "$t"); do
    while IFS= read -r -d '' f; do
      [ "$n" -ge 200 ] && break
      cp "$f" "$dir/seed-$t-$n" && n=$((n + 1))
    done < <(find "$root/samples" "$root/policies" "$corpora" -type f -iname "*.$e" \
               -size -200k -print0 2>/dev/null | sort -z)
  done
  if [ "$t" = age ] || [ "$t" = sealed ]; then
    [ -f "$state/age-identity" ] || age-keygen -o "$state/age-identity" 2>/dev/null
    local pub
    pub=$(age-keygen -y "$state/age-identity")
    head -c 100 /dev/zero | age -r "$pub" -o "$dir/age-small"
    head -c 70000 /dev/zero | age -r "$pub" -o "$dir/age-chunks"
    head -c 100 /dev/zero | age -a -r "$pub" -o "$dir/age-armored"
  fi
}

for t in "$@"; do
  exts "$t" > /dev/null || { echo "campaign: unknown target $t" >&2; exit 2; }
  case $t in
    policy|marking|age) harness=$bin/fuzz-$t ;;
    *) harness=$bin/fuzz-read ;;
  esac
  corpus=$state/corpus/$t
  if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    seed "$t" "$corpus"
  fi
  read -r cpu execs cov _ < "$state/state/$t" 2>/dev/null || { cpu=0; execs=0; cov=0; }
  while [ "${cpu%.*}" -lt "$goal" ]; do
    log=$state/logs/$t-$(date +%Y%m%dT%H%M%S).log
    d=$(dict "$t")
    PMARK_FUZZ_FORMAT=$t PMARK_FUZZ_POLICY=london-lscb \
    PMARK_FUZZ_IDENTITY=$state/age-identity PMARK_POLICY_PATH=$root/policies \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      /usr/bin/time -f "CPU %U %S" -o "$log.time" \
      timeout "$segment" nice -n 19 "$harness" "$corpus" -max_len=204800 -timeout=300 \
        -rss_limit_mb=4096 -max_total_time="$((segment - 20))" -print_final_stats=1 \
        -artifact_prefix="$state/artifacts/$t-" ${d:+-dict=$here/dict/$d.dict} \
        > "$log" 2>&1
    rc=$?
    used=$(awk '/^CPU/ { print $2 + $3 }' "$log.time" 2>/dev/null)
    cpu=$(echo "$cpu + ${used:-0}" | bc)
    e=$(grep -o 'number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    [ -z "$e" ] && e=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
    execs=$((execs + ${e:-0}))
    c=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    [ -n "$c" ] && [ "$c" -gt "$cov" ] && cov=$c
    files=$(find "$corpus" -type f | wc -l)
    echo "$cpu $execs $cov $files" > "$state/state/$t"
    echo "$(date -u +%FT%TZ) $t rc=$rc cpu=$cpu execs=$execs cov=$cov corpus=$files" \
      >> "$state/summary.txt"
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; then
      # libFuzzer's timeout is wall time: a segment paused (SIGSTOP) or
      # starved while CI held the cores reports a "timeout" whose input
      # runs at once. Such an input is run again; one that passes is
      # logged and the target goes on; anything else stops it.
      art=$(ls -t "$state/artifacts/$t"-* 2>/dev/null | head -1)
      if [ -n "$art" ] && grep -q "ALARM: working on the last Unit for" "$log" \
         && PMARK_FUZZ_FORMAT=$t PMARK_FUZZ_POLICY=london-lscb \
            PMARK_FUZZ_IDENTITY=$state/age-identity PMARK_POLICY_PATH=$root/policies \
            timeout 600 "$harness" -timeout=60 "$art" > "$log.again" 2>&1; then
        echo "$(date -u +%FT%TZ) $t timeout not reproduced (runs at once: the segment" \
          "was paused or starved): $art" >> "$state/summary.txt"
        mv "$art" "$art.not-reproduced"
        continue
      fi
      echo "$(date -u +%FT%TZ) $t FINDING: see $log" >> "$state/summary.txt"
      break
    fi
  done
done
