#!/usr/bin/env bash
# Builds the jpackage app image (target/dist/Evenhand, launcher bin/Evenhand) and, on Linux where
# dpkg-deb and fakeroot exist, a .deb, from the argument files in installer/ that Maven filled in
# (target/installer/*.args). Run by `mvn -B -Ppackage package`, after the jar and target/lib exist.
set -euo pipefail
cd "$(dirname "$0")/.."
JPACKAGE="${JAVA_HOME:+$JAVA_HOME/bin/}jpackage"
command -v "$JPACKAGE" >/dev/null 2>&1 || JPACKAGE=jpackage
rm -rf target/jpackage-input target/dist
mkdir -p target/jpackage-input
cp target/evenhand.jar target/jpackage-input/
cp target/lib/*.jar target/jpackage-input/
"$JPACKAGE" @target/installer/app-image.args
echo "app image: target/dist/Evenhand (start it with target/dist/Evenhand/bin/Evenhand)"
if [ "$(uname -s)" = "Linux" ] && command -v dpkg-deb >/dev/null 2>&1 && command -v fakeroot >/dev/null 2>&1; then
  "$JPACKAGE" @target/installer/deb.args
  echo "deb: $(ls target/dist/*.deb)"
else
  echo "no .deb: dpkg-deb and fakeroot are needed (apt-get install fakeroot dpkg-dev)"
fi
