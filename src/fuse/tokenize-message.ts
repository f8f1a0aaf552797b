/**
 * Words that say nothing about which problem a finding is about: English function words and the
 * filler review comments share ("potential issue here"). Left in, they make unrelated findings
 * look alike.
 */
const stopWords: ReadonlySet<string> = new Set(
  (
    "a an the and or but if then else of to in on at by for from with as into onto over under " +
    "is are was were be been being am it its this that these those there here which who whom " +
    "what when where why how can could may might should would will shall must do does did done has " +
    "have had so than too very also just only any some all each such same other both either we you " +
    "i he she they them their our your my me us after before while because since " +
    "line lines code issue issues problem problems bug bugs potential potentially possible possibly " +
    "likely seems seem appears appear consider instead please note cause causes caused causing result " +
    "results lead leads make makes used using use uses e.g i.e etc " +
    // Negations: nearly every finding says something is missing or not done, so they tell none apart.
    "no not missing without lack lacks lacking never absent doesnt isnt dont cannot cant wont"
  ).split(" "),
);

/**
 * Words that name the same thing in different languages and habits, mapped to one token. Small on
 * purpose: only spellings that review comments on JS/TS, Python and Go use interchangeably.
 */
const synonyms: ReadonlyMap<string, string> = new Map(
  Object.entries({
    null: ["nil", "none", "undefined", "nullptr", "nullish", "npe", "null"],
    error: ["err", "errors", "exception", "exceptions", "error"],
    index: ["idx", "indices", "indexes", "index"],
    length: ["len", "size", "length"],
    array: ["arr", "list", "slice", "vector", "array"],
    concat: ["concatenation", "concatenated", "concatenating", "concatenate", "concat"],
    divide: ["division", "divides", "divided", "divisor", "div", "divide"],
    race: ["racy", "concurrent", "concurrently", "concurrency", "race"],
    inject: ["injection", "injections", "injectable", "inject"],
    zero: ["0", "zero"],
    one: ["1", "one"],
  }).flatMap(([canonical, words]) => words.map((word): [string, string] => [word, canonical])),
);

/** Suffixes removed by {@link stemWord}, longest first; `[suffix, replacement]`. */
const suffixes: readonly (readonly [string, string])[] = [
  ["izations", ""],
  ["ization", ""],
  ["ations", ""],
  ["ation", ""],
  ["ments", ""],
  ["ment", ""],
  ["ness", ""],
  ["ings", ""],
  ["ing", ""],
  ["ies", "y"],
  ["ied", "y"],
  ["edly", ""],
  ["ers", ""],
  ["er", ""],
  ["ed", ""],
  ["es", ""],
  ["ly", ""],
  ["s", ""],
];

const minStemLength = 3;

/**
 * Light suffix stripping, so "dereferenced", "dereferences" and "dereferencing" meet at
 * "dereferenc". Deliberately crude: it only has to be consistent, not linguistic.
 */
export function stemWord(word: string): string {
  let stem = word;
  for (const [suffix, replacement] of suffixes) {
    if (!stem.endsWith(suffix)) continue;
    if (suffix === "s" && stem.endsWith("ss")) break;
    const candidate = stem.slice(0, stem.length - suffix.length) + replacement;
    if (candidate.length < minStemLength) continue;
    stem = candidate;
    // "dropped" → "dropp" → "drop"; not for l, s, z ("called", "passed", "buzzed" keep theirs).
    if (suffix === "ed" || suffix === "ing") stem = stem.replace(/([b-df-hj-kmnp-rtv-y])\1$/, "$1");
    break;
  }
  if (stem.length >= 4 && stem.endsWith("e")) stem = stem.slice(0, -1);
  return stem;
}

/**
 * The words of a message that identify its problem: identifiers split at camelCase and `_`
 * (the whole identifier kept too, since naming the same variable is strong evidence), lower-cased,
 * synonyms merged, stop words and multi-digit numbers (usually line numbers) dropped, stemmed.
 * Returns each token once, sorted, so the result is a set in a canonical order.
 */
export function tokenizeMessage(message: string): string[] {
  const tokens = new Set<string>();
  for (const word of message.match(/[\p{L}\p{N}_]+(?:['’][a-z]+)?/gu) ?? []) {
    const parts = word
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
      .split(/[\s_]+/)
      .filter((part) => part !== "");
    const candidates = parts.length > 1 ? [...parts, parts.join("")] : parts;
    for (const candidate of candidates) {
      const token = normaliseWord(candidate.toLowerCase().replace(/['’]/g, ""));
      if (token !== undefined) tokens.add(token);
    }
  }
  return [...tokens].sort();
}

function normaliseWord(word: string): string | undefined {
  const canonical = synonyms.get(word);
  if (canonical !== undefined) return canonical;
  if (stopWords.has(word) || /^\d{2,}$/.test(word) || word.length < 2) return undefined;
  return stemWord(word);
}
