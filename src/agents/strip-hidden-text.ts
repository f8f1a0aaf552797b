/**
 * Code point ranges a human reviewer does not see but a model reads: zero-width characters,
 * bidirectional controls (the "Trojan Source" trick), invisible operators, the soft hyphen,
 * variation selectors, Hangul fillers and Unicode tag characters (used to smuggle ASCII invisibly).
 * Kept as numbers rather than a regex character class because several are combining marks.
 */
const invisibleRanges: readonly (readonly [number, number])[] = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x061c, 0x061c],
  [0x115f, 0x1160],
  [0x17b4, 0x17b5],
  [0x180b, 0x180f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xe0000, 0xe007f],
  [0xe0100, 0xe01ef],
];

function isInvisible(codePoint: number): boolean {
  return invisibleRanges.some(([low, high]) => codePoint >= low && codePoint <= high);
}

function removeInvisible(text: string): string {
  let out = "";
  for (const char of text) {
    if (!isInvisible(char.codePointAt(0) ?? 0)) out += char;
  }
  return out;
}

const commentOpen = "<!--";
const commentClose = "-->";

/**
 * Removes what a rendered page hides: HTML comments (an unterminated one hides the rest of the
 * text, so it is cut to the end), invisible characters, and markdown that renders out of sight:
 * image alt text, link titles (shown only on hover), reference-definition titles and comment-only
 * definitions (`[//]: # (…)`), and `alt`/`title`/`aria-label` attributes of HTML tags. Repository
 * text is data for the model, and instructions hidden from the humans reading the same text must
 * not reach it. A comment's line breaks are kept so line-based positions after it do not shift.
 */
export function stripHiddenText(text: string): string {
  const lines = text.split("\n");
  const state = { inComment: false };
  return lines.map((line) => stripLine(line, state)).join("\n");
}

/**
 * `stripHiddenText` for a unified-diff patch: every line keeps its `+`/`-`/space marker and the
 * patch keeps its line count, so hunk headers and new-file line numbers stay valid. A comment is
 * followed separately through old-side and new-side lines, and never across hunks: lines between
 * hunks are not shown, so a comment cannot be known to continue.
 */
export function stripHiddenTextFromPatch(patch: string): string {
  let oldSide = { inComment: false };
  let newSide = { inComment: false };
  return patch
    .split("\n")
    .map((line) => {
      const marker = line.charAt(0);
      if (line.startsWith("@@")) {
        oldSide = { inComment: false };
        newSide = { inComment: false };
        return stripLine(line, { inComment: false });
      }
      if (marker === "+") return marker + stripLine(line.slice(1), newSide);
      if (marker === "-") return marker + stripLine(line.slice(1), oldSide);
      if (marker === " ") {
        stripLine(line.slice(1), oldSide);
        return marker + stripLine(line.slice(1), newSide);
      }
      // "\ No newline at end of file" and anything unexpected: no marker to keep.
      return stripLine(line, { inComment: false });
    })
    .join("\n");
}

function stripLine(line: string, state: { inComment: boolean }): string {
  let out = "";
  // Invisible characters go first so they cannot split a comment marker and keep it alive.
  let rest = removeInvisible(line);
  while (rest !== "") {
    if (state.inComment) {
      const close = rest.indexOf(commentClose);
      if (close < 0) return removeHiddenMarkdown(out);
      rest = rest.slice(close + commentClose.length);
      state.inComment = false;
      continue;
    }
    const open = rest.indexOf(commentOpen);
    if (open < 0) {
      out += rest;
      break;
    }
    out += rest.slice(0, open);
    rest = rest.slice(open + commentOpen.length);
    state.inComment = true;
  }
  return removeHiddenMarkdown(out);
}

/** `![alt]` before `(`/`[`: an image's alt text, which renders only when the image does not. */
const imageAlt = /!\[(?:[^[\]\n]|\[[^[\]\n]*\])*\](?=[([])/g;
/** `](destination "title")`: the title shows only on hover. */
const inlineLinkTitle =
  /\]\(([ \t]*(?:<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*))[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))[ \t]*\)/g;
/** `[label]: destination "title"`: a definition renders nothing at all. */
const referenceDefinition =
  /^( {0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+))(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$/;
/** Attributes of an HTML tag that carry text nobody sees on the page. */
const hiddenAttribute = /(\s)(?:alt|title|aria-label)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi;

/**
 * Markdown that renders out of sight loses its hidden text; what is visible (link text, the
 * image itself, the destination) stays, so a reviewer still sees what the page shows.
 */
function removeHiddenMarkdown(line: string): string {
  const definition = referenceDefinition.exec(line);
  if (definition !== null) {
    // `[//]: # (note)` and `[x]: <> (note)` are the markdown comment idiom: nothing in them renders.
    const destination = definition[2] ?? "";
    return destination === "#" || destination === "<>" ? "" : (definition[1] ?? "");
  }
  return line
    .replace(imageAlt, "![]")
    .replace(inlineLinkTitle, (_match, destination: string) => `](${destination.trim()})`)
    .replace(/<[A-Za-z][^<>]*>/g, (tag) => tag.replace(hiddenAttribute, "$1").replace(/\s+>$/, ">"));
}
