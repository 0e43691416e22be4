#!/usr/bin/env bash
# Builds the runtime image and igmp_<version>_<arch>.deb. Run by Maven in igmp-dist's package phase:
#   build-deb.sh MAVEN_VERSION TARGET_DIR EXAMPLE_CONFIG JAVA_RELEASE
# TARGET_DIR holds lib/ (the jars), man/ (the man pages) and completion/igmp, made in prepare-package.
# JAVA_HOME is the JDK that runs Maven; its jdeps and jlink make the image.
set -euo pipefail
command -v dpkg-deb >/dev/null 2>&1 || { echo "igmp-dist: dpkg-deb is not installed (apt-get install dpkg); -Digmp.dist.skip builds without the package" >&2; exit 1; }
src=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mvn_version=$1 target=$2 config=$3 release=$4
# Debian orders ~ before anything, so a SNAPSHOT sorts before its release.
version=${mvn_version/-SNAPSHOT/~SNAPSHOT}
arch=$(dpkg --print-architecture)
root=$target/deb-root
runtime=$target/runtime

# Only the modules the jars use. java.desktop is left out: its one use, java.beans in Jackson's and SnakeYAML's
# optional bean introspection, is not on any path of the igmp command, and it would pull in AWT and X11.
# jdeps takes seconds, so its answer is kept for the same jars and JDK.
jdk=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
jars=$(cat "$target"/lib/*.jar | md5sum | cut -d' ' -f1)
if [ -f "$target/modules" ] && [ "$(head -n 1 "$target/modules")" = "$jdk $jars" ]; then
  modules=$(tail -n 1 "$target/modules")
else
  modules=$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release "$release" "$target"/lib/*.jar \
    | tr ',' '\n' | grep -vx 'java.desktop' | paste -sd, -)
  printf '%s\n%s\n' "$jdk $jars" "$modules" > "$target/modules"
fi
jlink_options=(--add-modules "$modules" --strip-debug --no-header-files --no-man-pages)
stamp="$jdk ${jlink_options[*]}"
if [ ! -f "$runtime/.stamp" ] || [ "$(cat "$runtime/.stamp")" != "$stamp" ]; then
  rm -rf "$runtime"
  "$JAVA_HOME/bin/jlink" "${jlink_options[@]}" --output "$runtime"
  # the launchers of the other tools of java.base and jdk.httpserver: only java runs
  find "$runtime/bin" -type f ! -name java -delete
  # symbol tables (jlink --strip-debug removes only Java debug attributes); strip comes with binutils
  if command -v strip >/dev/null 2>&1; then
    find "$runtime" -type f \( -name '*.so' -o -perm -u+x \) -exec strip --strip-unneeded {} +
  fi
  # the libraries the runtime links against, named by the packages that ship them on this machine
  find "$runtime" -type f \( -name '*.so' -o -perm -u+x \) -exec ldd {} + 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | grep -v "^$runtime/" | sort -u \
    | while read -r so; do dpkg -S "$(readlink -f "$so")" 2>/dev/null || dpkg -S "$so"; done \
    | cut -d: -f1 | sort -u | paste -sd, - | sed 's/,/, /g' > "$runtime/.depends"
  echo "$stamp" > "$runtime/.stamp"
fi
shlibs=$(cat "$runtime/.depends")

rm -rf "$root"
lib=$root/usr/lib/igmp
doc=$root/usr/share/doc/igmp
mkdir -p "$lib" "$root/usr/bin" "$root/usr/lib/systemd/system" "$root/etc/igmp" "$root/usr/share/man/man1" \
  "$root/usr/share/bash-completion/completions" "$doc" "$root/DEBIAN"
cp -a "$runtime" "$lib/runtime"
rm "$lib/runtime/.stamp" "$lib/runtime/.depends"
cp -a "$target/lib" "$lib/lib"
install -m 0755 "$src/igmp" "$root/usr/bin/igmp"
install -m 0644 "$src/igmp-router.service" "$root/usr/lib/systemd/system/igmp-router.service"
install -m 0644 "$config" "$root/etc/igmp/router.yaml"
# a completion file is sourced, not run: no #! line
sed '1{/^#!/d}' "$target/completion/igmp" > "$root/usr/share/bash-completion/completions/igmp"
for page in "$target"/man/*.1; do gzip -9n < "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"; done
install -m 0644 "$src/copyright" "$doc/copyright"
install -D -m 0644 "$src/lintian-overrides" "$root/usr/share/lintian/overrides/igmp"
date=$(git -C "$src" log -1 --format=%cD 2>/dev/null || date -R)
sed -e "s/@VERSION@/$version/" -e "s/@UPSTREAM@/$mvn_version/" -e "s/@DATE@/$date/" "$src/changelog" \
  | gzip -9n > "$doc/changelog.gz"

for script in postinst prerm postrm; do install -m 0755 "$src/$script" "$root/DEBIAN/$script"; done
install -m 0644 "$src/conffiles" "$root/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/${shlibs:+$shlibs, }passwd/" \
  "$src/control" > "$root/DEBIAN/control"

find "$root" -type d -exec chmod 0755 {} +
chmod -R u+w,go-w,go+r "$root"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$src" log -1 --format=%ct 2>/dev/null || date +%s)}
# gzip: seconds where xz takes a minute for the runtime image, and every dpkg reads it
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$target/igmp_${version}_${arch}.deb" >/dev/null
echo "igmp-dist: $target/igmp_${version}_${arch}.deb (runtime modules: $modules; depends: ${shlibs:+$shlibs, }passwd)"
