#!/usr/bin/env bash
# Trains a class-data-sharing archive for the GUI (issue 12, point 9: first window under 2 s).
# Starts the jar's GUI once on JavaFX's headless platform with -XX:ArchiveClassesAtExit, waits until it
# logs its first window, and ends it; the JVM then writes every class it loaded to the archive. A later
#   java -XX:SharedArchiveFile=target/evenhand.jsa -jar target/evenhand.jar
# maps those classes instead of loading and verifying them one by one. The archive belongs to this JDK
# and these jars: a rebuilt jar or another JDK makes the JVM ignore it (it then starts the usual way).
# Usage: installer/cds-archive.sh [JAR [ARCHIVE]]; run by `mvn package` (skip with -Dcds.skip).
# It never fails the build: when it cannot train, it says why and leaves no archive.
set -uo pipefail
cd "$(dirname "$0")/.."
JAR="${1:-target/evenhand.jar}"
ARCHIVE="${2:-${JAR%.jar}.jsa}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
DEADLINE_S=120
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -f "$ARCHIVE"
log="$work/data/evenhand/logs/evenhand.log"
XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" OLLAMA_HOST=http://127.0.0.1:9 \
  "$JAVA" -XX:ArchiveClassesAtExit="$ARCHIVE" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw \
  -jar "$JAR" >"$work/out.txt" 2>&1 &
pid=$!

# give_up WHY: ends the training with no archive (the build goes on)
give_up() {
  echo "cds-archive: $1; no archive" >&2
  kill -KILL "$pid" 2>/dev/null
  rm -f "$ARCHIVE"
  exit 0
}

end=$((SECONDS + DEADLINE_S))
until grep -q "first window shown" "$log" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || give_up "the GUI ended before its first window (output: $(tail -n 3 "$work/out.txt" | tr '\n' ' '))"
  [ $SECONDS -lt $end ] || give_up "no first window within ${DEADLINE_S} s"
  sleep 0.2
done
kill -TERM "$pid"
end=$((SECONDS + DEADLINE_S))
while kill -0 "$pid" 2>/dev/null; do
  [ $SECONDS -lt $end ] || give_up "the GUI did not end within ${DEADLINE_S} s of SIGTERM"
  sleep 0.2
done
if [ -s "$ARCHIVE" ]; then
  echo "cds-archive: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1)); start with: java -XX:SharedArchiveFile=$ARCHIVE -jar $JAR"
else
  echo "cds-archive: the JVM wrote no archive; start with: java -jar $JAR" >&2
fi
