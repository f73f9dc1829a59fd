#!/bin/bash
# tests/glossary.sh [CONTENT-DIR]: does the catalogue call each product
# type and place by one English and one Chinese name?
#
# tests/glossary.json lists, for each concept, its Vietnamese term, the one
# English form, the one Chinese form, and the variants that must not appear.
# Every .md and .json file under CONTENT-DIR (default: content/) is searched
# for every variant, as written (case and diacritics count). One test per
# concept: "ok - glossary: ..." or "not ok - ..." followed by each
# FILE:LINE where a variant appears and the form to write instead.
#
# Prints "N passed, N failed"; exits 1 when any check failed. Needs jq.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
export LC_ALL=C.UTF-8
glossary=$root/tests/glossary.json
dir=${1:-content}

if ! command -v jq >/dev/null 2>&1; then
	echo "not ok - glossary: jq not found (apt-get install jq)"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! n=$(jq -e '.terms | length' "$glossary" 2>/dev/null); then
	echo "not ok - glossary: $glossary is not a glossary (no \"terms\")"
	echo "0 passed, 1 failed"
	exit 1
fi
if [ ! -d "$dir" ]; then
	echo "not ok - glossary: no folder $dir"
	echo "0 passed, 1 failed"
	exit 1
fi

passed=0 failed=0

# report NAME WHY [FINDING...]: ok - NAME when there is no finding, else
# not ok - NAME: WHY and each finding under it.
report() {
	local name=$1 why=$2
	shift 2
	if [ $# -gt 0 ]; then
		echo "not ok - $name: $why"
		printf '# %s\n' "$@"
		failed=$((failed + 1))
	else
		echo "ok - $name"
		passed=$((passed + 1))
	fi
}
for ((i = 0; i < n; i++)); do
	vi=$(jq -r ".terms[$i].vi" "$glossary")
	en=$(jq -r ".terms[$i].en" "$glossary")
	zh=$(jq -r ".terms[$i].zh" "$glossary")
	name="glossary: $vi: \"$en\", \"$zh\""
	hits=()
	bad=()
	for lang in en zh; do
		want=$en
		[ "$lang" = zh ] && want=$zh
		mapfile -t variants < <(jq -r ".terms[$i].forbidden.$lang // [] | .[]" "$glossary")
		for v in "${variants[@]}"; do
			[ -n "$v" ] || continue
			# A variant inside the form it stands against could never pass.
			case $want in *"$v"*) bad+=("\"$v\" is part of \"$want\"") ;; esac
			while IFS= read -r where; do
				hits+=("$where: \"$v\": write \"$want\"")
			done < <(grep -rnF --include='*.md' --include='*.json' -- "$v" "$dir" |
				cut -d: -f1,2 | LC_ALL=C sort -t: -k1,1 -k2,2n)
		done
	done
	if [ ${#bad[@]} -gt 0 ]; then
		report "$name" "the glossary contradicts itself" "${bad[@]}"
	else
		report "$name" "${#hits[@]} variant(s) in $dir" "${hits[@]}"
	fi
done

# Places half translated: a Vietnamese name with a Chinese word for its
# level glued on (Nông Thượng乡, Chè Cọ村), and Vietnamese names run
# together in Chinese text, where no space or mark parts them (Na RìCôn
# Minh). The glossary's rule: a place with no Chinese form keeps its
# Vietnamese name whole, with its Vietnamese level (xã Nông Thượng).
for check in half run; do
	if [ $check = half ]; then
		name="glossary: no place name half translated (a Vietnamese name, then 乡, 村, 镇 or 区)"
		pattern='\p{Latin}(乡|村|镇|区)'
	else
		name="glossary: no Vietnamese names run together in Chinese text"
		pattern='\p{Ll}\p{Lu}\p{Ll}'
	fi
	# The Chinese texts: zh.md files, and the "zh" lines of records.
	mapfile -t hits < <({
		grep -rnP --include='zh.md' -- "$pattern" "$dir"
		grep -rnP --include='*.json' -- "\"zh\": \"[^\"]*$pattern" "$dir"
	} | cut -d: -f1,2 | LC_ALL=C sort -t: -k1,1 -k2,2n)
	report "$name" "${#hits[@]} line(s) in $dir" "${hits[@]}"
done

echo "$passed passed, $failed failed"
[ $failed = 0 ]
