// Suggests the known name closest to a mistyped one ("freezr" -> "freezer").

export function didYouMean(input: string, known: string[]): string | undefined {
  // "nice" for "nice-ukamb": the start of a known name is a strong hint.
  const lower = input.toLowerCase();
  const started = known.find((name) => lower.length >= 3 && name.toLowerCase().startsWith(lower));
  if (started) return started;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const d = editDistance(input.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  // More than a third of the word changed is a different word, not a typo.
  return best !== undefined && bestDistance <= Math.max(2, Math.ceil(input.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
