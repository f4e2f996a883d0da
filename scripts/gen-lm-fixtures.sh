#!/usr/bin/env bash
# Makes the language-model fixtures of src/engine/models/fixtures with the reference tools
# (Debian: apt-get install sentencepiece irstlm), so the tests that read them compare Sieve's
# SentencePiece and KenLM scoring against numbers the real tools produced:
#   tiny.model          SentencePiece unigram model (spm_train, nmt_nfkc normalization)
#   eval.txt            the documents scored (one per line)
#   eval.pieces.txt     spm_encode's pieces of each line
#   tiny.arpa           a 3-gram Witten-Bell ARPA model (IRSTLM tlm) over the pieces of train text
#   eval.ppl.txt        IRSTLM compile-lm --eval --sentence perplexity of each line's pieces (word count
#                       with </s>, perplexity), with --dub set so an unknown word costs P(<unk>) alone, as in KenLM
# Usage: scripts/gen-lm-fixtures.sh [OUT_DIR]   (the tests run it into a scratch folder to check again)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/src/engine/models/fixtures}"
irst=/usr/lib/irstlm/bin
data="$here/../shared/data/text/gsm8k_train.jsonl"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)
const q = lines.map((l) => JSON.parse(l).question.replace(/\s+/g, " ").trim())
require("fs").writeFileSync(process.argv[2], q.slice(0, 250).join("\n") + "\n")
require("fs").writeFileSync(process.argv[3], q.slice(250, 262).join("\n") + "\n")
' "$data" "$work/train.txt" "$work/eval.txt"
# Lines that exercise normalization and unknown words: width, accents, CJK, odd spaces, digits.
cat >> "$work/eval.txt" <<'TXT'
  Ｆｕｌｌ-width ＡＢＣ and   three   spaces, café naïve ①②
漢字 and ひらがな: unknown scripts, then plain words again.
Tabs	and ellipses… “quoted” — dashes – and $5.00 or 12%.
TXT
cp "$work/eval.txt" "$out/eval.txt"

spm_train --input="$work/train.txt" --model_prefix="$work/tiny" --vocab_size=400 --model_type=unigram >/dev/null 2>&1
cp "$work/tiny.model" "$out/tiny.model"
spm_encode --model="$out/tiny.model" < "$out/eval.txt" > "$out/eval.pieces.txt"
spm_encode --model="$out/tiny.model" < "$work/train.txt" > "$work/train.pieces.txt"

"$irst/add-start-end.sh" < "$work/train.pieces.txt" > "$work/train.se.txt"
"$irst/tlm" -tr="$work/train.se.txt" -n=3 -lm=wb -o="$out/tiny.arpa" >/dev/null 2>&1
vocab="$(awk '/^ngram +1=/ { sub(/.*=[ \t]*/, ""); print; exit }' "$out/tiny.arpa")"
"$irst/add-start-end.sh" < "$out/eval.pieces.txt" > "$work/eval.se.txt"
# compile-lm charges an unknown word log10(dub - |dictionary|) beyond P(<unk>) and refuses a dub
# not above its dictionary: the smallest dub it takes is the one whose charge is 0.
for dub in $((vocab - 1)) "$vocab" $((vocab + 1)) $((vocab + 2)); do
  { "$irst/compile-lm" "$out/tiny.arpa" --eval="$work/eval.se.txt" --sentence=yes --dub="$dub" > "$work/ppl.out" 2>/dev/null || true; } 2>/dev/null
  sed -n 's/^%% sent_Nw=\([0-9]*\) sent_PP=\([0-9.]*\) sent_PPwp=0.00 .*/\1 \2/p' "$work/ppl.out" > "$out/eval.ppl.txt"
  [ -s "$out/eval.ppl.txt" ] && break
done
[ "$(wc -l < "$out/eval.ppl.txt")" -eq "$(wc -l < "$out/eval.txt")" ] || { echo "compile-lm gave no perplexity for every line" >&2; exit 1; }
rm -f "$out/tiny.arpa.blm"
