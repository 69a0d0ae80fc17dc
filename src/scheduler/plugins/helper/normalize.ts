// helper.DefaultNormalizeScore: scales scores so the highest becomes maxPriority (integer arithmetic),
// optionally reversed (maxPriority - score), for plugins that count "bad" things.

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array): void {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxPriority * scores[i]!) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
