#!/usr/bin/env bash
# Makes the KenLM binary-format fixtures of src/engine/models/fixtures with KenLM's own tools, so the
# tests compare Sieve's reader of that format against the scores KenLM's `query` prints:
#   small5.arpa                 a 5-gram Witten-Bell ARPA model (IRSTLM tlm, which prunes singletons)
#                               over the pieces of 30 training lines (gen-lm-fixtures.sh's source)
#   {tiny,small5}.probing.bin   build_binary probing (KenLM's default type; what Data-Juicer downloads)
#   {tiny,small5}.trie.bin      build_binary trie
#   small5.trie-q8.bin          build_binary trie -q 8 -b 8 (quantized)
#   small5.trie-a22.bin         build_binary trie -a 22 (array-compressed pointers)
#   small5.trie-q8-a22.bin      build_binary trie -q 8 -b 8 -a 22
#   small5.trie-v.bin           build_binary -v trie (without the vocabulary's words at the end)
#   small2.{probing,trie}.bin   a bigram model of the same lines (tlm -n=2) with its <unk> line removed,
#                               so KenLM substitutes <unk> itself (log10 probability -100)
#   *.query.txt                 query's per-line totals of eval.pieces.txt: '<s>'..'</s>' (query -v sentence)
#                               then null context, no '</s>' (query -n -v sentence), one 'Total: X OOV: N' a line
# Usage: scripts/gen-kenlm-fixtures.sh KENLM_BIN_DIR [OUT_DIR]
#   KENLM_BIN_DIR holds build_binary and query (KenLM built with cmake: build/bin). The committed
#   fixtures were made with KenLM commit 4cb443e60b7bf2c0ddf3c745378f76cb59e254e5 (github.com/kpu/kenlm),
#   built with: cmake -DCMAKE_BUILD_TYPE=Release .. && make build_binary query (g++ 12, x86-64).
#   The tests read the committed files; KenLM is needed only to make them again.
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${2:-$here/src/engine/models/fixtures}"
irst=/usr/lib/irstlm/bin
data="$here/../shared/data/text/gsm8k_train.jsonl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)
const q = lines.map((l) => JSON.parse(l).question.replace(/\s+/g, " ").trim())
require("fs").writeFileSync(process.argv[2], q.slice(0, 30).join("\n") + "\n")
' "$data" "$work/train.txt"
spm_encode --model="$out/tiny.model" < "$work/train.txt" > "$work/train.pieces.txt"
"$irst/add-start-end.sh" < "$work/train.pieces.txt" > "$work/train.se.txt"
"$irst/tlm" -tr="$work/train.se.txt" -n=5 -lm=wb -o="$out/small5.arpa" >/dev/null 2>&1

"$irst/tlm" -tr="$work/train.se.txt" -n=2 -lm=wb -o="$work/small2.arpa" >/dev/null 2>&1
awk '$2 == "<unk>" { next } /^ngram 1=/ || /^ngram +1=/ { sub(/=[ \t]*[0-9]+/, "=" $NF - 1) } { print }' "$work/small2.arpa" > "$work/small2-nounk.arpa"

build() { "$bin/build_binary" -S 10M "$@" >/dev/null 2>&1; }
build probing "$out/tiny.arpa" "$out/tiny.probing.bin"
build trie "$out/tiny.arpa" "$out/tiny.trie.bin"
build probing "$out/small5.arpa" "$out/small5.probing.bin"
build trie "$out/small5.arpa" "$out/small5.trie.bin"
build trie -q 8 -b 8 "$out/small5.arpa" "$out/small5.trie-q8.bin"
build trie -a 22 "$out/small5.arpa" "$out/small5.trie-a22.bin"
build trie -q 8 -b 8 -a 22 "$out/small5.arpa" "$out/small5.trie-q8-a22.bin"
build -v trie "$out/small5.arpa" "$out/small5.trie-v.bin"
build probing "$work/small2-nounk.arpa" "$out/small2.probing.bin"
build trie "$work/small2-nounk.arpa" "$out/small2.trie.bin"
for model in "$out"/*.bin; do
  { "$bin/query" -v sentence "$model" < "$out/eval.pieces.txt"
    "$bin/query" -n -v sentence "$model" < "$out/eval.pieces.txt"; } 2>/dev/null | grep '^Total: ' > "${model%.bin}.query.txt"
done
