#!/usr/bin/env bash
# Release steps, called by .github/workflows/release.yml (each also works by hand; docs/releasing.md).
#   release.sh check <tag>       <tag> is vMAJOR.MINOR.PATCH, equals the version in package.json and
#                                package-lock.json, and CHANGELOG.md has a dated, non-empty entry for it
#   release.sh notes <version>   prints that version's CHANGELOG.md section, without its heading
#   release.sh check-dist        rebuilds dist/ (npm run build) and fails when it differs from the commit
#   release.sh move-major <tag>  points the major tag (v1 for v1.4.2) at <tag>'s commit in the local
#                                repository and prints its name; prints nothing when a higher
#                                vMAJOR.x.y tag exists (a fix for an older minor must not pull v1 back)
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  if [ -n "${GITHUB_ACTIONS:-}" ]; then echo "::error title=release::$*" >&2; else echo "release.sh: $*" >&2; fi
  exit 1
}

# Sets $version from a tag vMAJOR.MINOR.PATCH (no leading zeros, no pre-release or build suffix).
parse_tag() {
  local tag=$1 n='(0|[1-9][0-9]*)'
  [[ $tag =~ ^v$n\.$n\.$n$ ]] ||
    fail "tag '$tag' is not vMAJOR.MINOR.PATCH (e.g. v1.2.3); pre-release tags are not published by this workflow"
  version=${tag#v}
}

json_version() { # file, JavaScript path to the version inside it
  node -e 'const f = process.argv[1]; const v = process.argv[2].split(".").reduce((o, k) => o?.[k], JSON.parse(require("fs").readFileSync(f, "utf8"))); console.log(v ?? "")' "$1" "$2"
}

# The lines under "## [<version>]" up to the next "## " heading, without blank lines at either end
# and without link reference definitions ("[1.0.0]: https://...") that close the file.
changelog_section() {
  awk -v heading="## [$1]" '
    /^## / { if (found) exit; if (index($0, heading) == 1) { found = 1; next } }
    found && !/^\[[^]]+\]: / { print }
  ' CHANGELOG.md | sed -e '/./,$!d' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}'
}

cmd=${1:-}
case "$cmd" in
  check)
    [ $# -eq 2 ] || fail "usage: release.sh check <tag>"
    parse_tag "$2"
    for spec in package.json:version package-lock.json:version 'package-lock.json:packages..version'; do
      file=${spec%%:*} path=${spec#*:}
      found=$(json_version "$file" "$path")
      [ "$found" = "$version" ] ||
        fail "$file has version '$found' ($path) but the tag is $2: run 'npm version $version --no-git-tag-version', commit, and tag that commit"
    done
    [ -f CHANGELOG.md ] || fail "CHANGELOG.md is missing"
    heading=$(grep -E "^## \[$(sed 's/\./\\./g' <<<"$version")\]" CHANGELOG.md | head -n1 || true)
    [ -n "$heading" ] ||
      fail "CHANGELOG.md has no '## [$version] - YYYY-MM-DD' section: move the [Unreleased] notes under it"
    [[ $heading =~ ^'## ['"$version"'] - '[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] ||
      fail "CHANGELOG.md: '$heading' should read '## [$version] - YYYY-MM-DD' (the release date)"
    [ -n "$(changelog_section "$version")" ] || fail "CHANGELOG.md: the section of $version is empty"
    echo "release.sh: $2 matches package.json, package-lock.json and CHANGELOG.md"
    ;;
  notes)
    [ $# -eq 2 ] || fail "usage: release.sh notes <version>"
    notes=$(changelog_section "$2")
    [ -n "$notes" ] || fail "CHANGELOG.md has no notes for version '$2'"
    printf '%s\n' "$notes"
    ;;
  check-dist)
    [ $# -eq 1 ] || fail "usage: release.sh check-dist"
    # From an empty folder: a file the build no longer writes must show up as a difference too.
    rm -rf dist
    npm run build
    changed=$(git status --porcelain --untracked-files=all -- dist)
    if [ -n "$changed" ]; then
      printf '%s\n' "$changed" >&2
      fail "dist/ differs from a fresh build of this commit: run 'npm run build', commit dist/, and tag the new commit"
    fi
    echo "release.sh: dist/ matches a fresh build"
    ;;
  move-major)
    [ $# -eq 2 ] || fail "usage: release.sh move-major <tag>"
    parse_tag "$2"
    commit=$(git rev-parse --verify --quiet "refs/tags/$2^{commit}") || fail "tag $2 does not exist here"
    major=v${version%%.*}
    highest=$(git tag -l "$major.*.*" | grep -E '^v[0-9]+\.[0-9]+\.[0-9]+$' | sort -V | tail -n1)
    if [ "$highest" != "$2" ]; then
      echo "release.sh: $highest is newer than $2: $major stays where it is" >&2
      exit 0
    fi
    git tag --force "$major" "$commit" >&2
    echo "$major"
    ;;
  *)
    fail "usage: release.sh check <tag> | notes <version> | check-dist | move-major <tag>"
    ;;
esac
