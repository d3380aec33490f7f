/**
 * "Did you mean …?" for mistyped commands and options: the known name closest
 * in edit distance, when it is close enough to be a typo rather than a
 * different word (at most one edit in four letters, and never more than two).
 */

/** Damerau–Levenshtein (optimal string alignment): a swap of two neighbours is one typo, as in `chekc`. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest of `known` to `typed`, or undefined when none is near enough. */
export function closest(typed: string, known: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  const limit = Math.min(2, Math.max(1, Math.floor(word.length / 4)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    // A prefix of a known name ("trac", "res") is an unfinished word: suggest it.
    const distance = name.startsWith(word) && word.length >= 3 ? 1 : editDistance(word, name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
