# Sourced by the bin/ scripts: finds a JDK 21 or newer and sets JAVA_HOME, PATH and MAVEN_OPTS.

java_feature_version() { # prints the feature version (17, 21, 25, ...) of the java binary $1, or nothing
  local release v
  # the JDK's release file says it without starting a JVM (a few hundred ms of CPU each time)
  release="$(dirname "$(dirname "$1")")/release"
  if [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")
    if [ -n "$v" ] && [ "$v" != 1 ]; then echo "$v"; return 0; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

find_jdk() {
  local candidate v best="" best_v=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(java_feature_version "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    v=$(java_feature_version "$candidate/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$candidate"; best_v="$v"; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(java_feature_version "$candidate/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$candidate"; return 0; fi
  fi
  return 1
}

if ! WRITEBACK_JDK=$(find_jdk); then
  echo "Writeback needs a JDK 21 or newer and found none (JAVA_HOME, /usr/lib/jvm, PATH). Install one (e.g. Temurin 21+ or 'apt-get install openjdk-21-jdk') or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$WRITEBACK_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
WRITEBACK_JAVA_VERSION=$(java_feature_version "$JAVA_HOME/bin/java")
# Flags that quieten warnings of newer JDKs; older JDKs do not know them.
WRITEBACK_JVM_FLAGS=""
if [ "$WRITEBACK_JAVA_VERSION" -ge 24 ]; then
  WRITEBACK_JVM_FLAGS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TieredStopAtLevel=1 $WRITEBACK_JVM_FLAGS"

if ! command -v mvn >/dev/null 2>&1; then
  echo "Writeback builds with Apache Maven 3.8 or newer; 'mvn' is not on PATH (e.g. 'apt-get install maven')." >&2
  exit 1
fi

# any_newer FILE: prints one of the paths read from standard input that is newer than FILE (nothing when none is)
any_newer() {
  xargs sh -c 'find "$@" -newer "$0" -print -quit' "$1"
}
