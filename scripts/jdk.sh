# Sourced by ./igmp and ./mvnw: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: JAVA_HOME if new enough, then `java` on the PATH, then the JDKs under /usr/lib/jvm.
igmp_java_feature() { # prints the feature version of the java binary $1 (17, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
igmp_find_jdk() {
  local want=25 cand v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(igmp_java_feature "$JAVA_HOME/bin/java")
    if [ "${v:-0}" -ge "$want" ]; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    cand=$(readlink -f "$(command -v java)")
    v=$(igmp_java_feature "$cand")
    if [ "${v:-0}" -ge "$want" ]; then export JAVA_HOME="${cand%/bin/java}"; return 0; fi
  fi
  for cand in /usr/lib/jvm/*/bin/java; do
    [ -x "$cand" ] || continue
    v=$(igmp_java_feature "$cand")
    if [ "${v:-0}" -ge "$want" ]; then export JAVA_HOME="${cand%/bin/java}"; return 0; fi
  done
  echo "igmp: no JDK $want or newer found (looked at JAVA_HOME, java on the PATH and /usr/lib/jvm); install one or set JAVA_HOME" >&2
  return 1
}
# Maven's own libraries use sun.misc.Unsafe; JDK 24+ warns about it on every run. Silence that noise only.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
