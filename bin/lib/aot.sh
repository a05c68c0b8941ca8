# Sourced by bin/writeback and bin/bench: the JDK's class cache for the embedded default, trained on the demo.
# JDK 25+: the AOT cache (-XX:AOTMode=record, then -XX:AOTMode=create, then -XX:AOTCache); JDK 21-24: an AppCDS
# archive (-XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile). Kept under local/target/aot/, named by a hash of the
# java version, the JVM flags and the classpath with each entry's size and time, so a rebuild or another JDK makes a
# new one. A JVM that cannot use a cache ignores it; its messages are turned off. WRITEBACK_AOT=off disables it all.

aot_dir="$root/local/target/aot"

# aot_key CLASSPATH FLAGS...: prints the cache's name for this JDK, these flags and this classpath
aot_key() {
  local cp="$1"; shift
  { "$JAVA_HOME/bin/java" -version 2>&1; printf '%s\n' "$*" "$cp"
    printf '%s\n' "$cp" | tr ':' '\n' | xargs stat -c '%n %s %Y' 2>/dev/null; } | cksum | cut -d' ' -f1
}

# aot_log_flags: the flags that keep a cache's messages (a cache made by another build, or none) from the user
aot_log_flags() {
  if [ "$WRITEBACK_JAVA_VERSION" -ge 25 ]; then echo "-Xlog:aot*=off -Xlog:cds*=off"; else echo "-Xlog:cds*=off"; fi
}

# aot_use_flags KEY: the flags that start a JVM from the cache KEY, or nothing when there is none
aot_use_flags() {
  [ "${WRITEBACK_AOT:-on}" != off ] || return 0
  if [ "$WRITEBACK_JAVA_VERSION" -ge 25 ] && [ -f "$aot_dir/$1.aot" ]; then
    echo "-XX:AOTCache=$aot_dir/$1.aot $(aot_log_flags)"
  elif [ "$WRITEBACK_JAVA_VERSION" -lt 25 ] && [ -f "$aot_dir/$1.jsa" ]; then
    echo "-XX:SharedArchiveFile=$aot_dir/$1.jsa $(aot_log_flags)"
  fi
}

# aot_train_flags KEY: the flags that make a JVM record what it loads, for aot_finish KEY to turn into the cache
aot_train_flags() {
  mkdir -p "$aot_dir"
  if [ "$WRITEBACK_JAVA_VERSION" -ge 25 ]; then
    echo "-XX:AOTMode=record -XX:AOTConfiguration=$aot_dir/$1.conf $(aot_log_flags)"
  else
    echo "-XX:ArchiveClassesAtExit=$aot_dir/$1.jsa.tmp $(aot_log_flags)"
  fi
}

# aot_finish KEY CLASSPATH FLAGS...: makes the cache from what a training run recorded; older caches are removed
aot_finish() {
  local key="$1" cp="$2"; shift 2
  find "$aot_dir" -maxdepth 1 -type f ! -name "$key.*" -delete 2>/dev/null || true
  if [ "$WRITEBACK_JAVA_VERSION" -ge 25 ]; then
    [ -f "$aot_dir/$key.conf" ] || return 0
    echo "preparing a faster start for the next commands (once per build)…" >&2
    if "$JAVA_HOME/bin/java" "$@" -XX:AOTMode=create -XX:AOTConfiguration="$aot_dir/$key.conf" \
        -XX:AOTCache="$aot_dir/$key.aot.tmp" $(aot_log_flags) -cp "$cp" > "$aot_dir/create.log" 2>&1; then
      mv "$aot_dir/$key.aot.tmp" "$aot_dir/$key.aot"
    fi
    rm -f "$aot_dir/$key.conf" "$aot_dir/$key.aot.tmp"
  elif [ -f "$aot_dir/$key.jsa.tmp" ]; then
    mv "$aot_dir/$key.jsa.tmp" "$aot_dir/$key.jsa"
  fi
}

# local_launch COMMAND: sets classpath, flags and key: how bin/writeback starts the embedded default for COMMAND
# (after its build) and the name of its cache
local_launch() {
  classpath="$(ls "$root"/local/target/writeback-local-*.jar | head -1):$(cat "$root/local/target/classpath.txt")"
  flags=($WRITEBACK_JVM_FLAGS -Dpolyglot.engine.WarnInterpreterOnly=false -Dlog4j2.shutdownHookEnabled=false
    -Djava.util.logging.config.file="$root/local/logging.properties" -Dlog4j2.configurationFile="$root/local/log4j2.xml")
  key=$(aot_key "$classpath" "${flags[@]}")
  # demo and invoke are short: C1 alone compiles what they need with less of the CPU; serve keeps the optimising compiler
  case "$1" in demo|invoke) flags+=(-XX:TieredStopAtLevel=1) ;; esac
}
