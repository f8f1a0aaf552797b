/** Bidi overrides and zero-width characters: they can make posted text read differently than it is. */
const invisible = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** A run of backticks closed by a run of the same length: a Markdown code span or fence. */
const codeSpan = /(`+)[\s\S]*?\1/g;

/**
 * Makes model-written (or repository-written) text safe to post as Markdown on GitHub:
 * invisible and bidi characters are removed; outside code spans, `@name` gets a zero-width space
 * after the `@` so no user or team is notified, and `<` becomes `&lt;` so the text cannot open
 * HTML (hide content in a comment, or close our `<details>`). Code spans are left as written: GitHub
 * neither notifies nor renders HTML inside them, and `@Override` should stay copyable.
 */
export function sanitizeText(text: string): string {
  const clean = text.replace(invisible, "");
  let result = "";
  let last = 0;
  for (const match of clean.matchAll(codeSpan)) {
    result += escapeProse(clean.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return result + escapeProse(clean.slice(last));
}

function escapeProse(text: string): string {
  return text.replace(/@(?=[\w-])/g, "@\u200B").replace(/</g, "&lt;");
}

/**
 * Text as an inline code span, whatever backticks it contains (paths can hold them): the fence is
 * one backtick longer than the longest run inside.
 */
export function formatCode(text: string): string {
  const clean = text.replace(invisible, "").replace(/\r?\n/g, " ");
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

/** Indents every line after the first so a multi-line message stays inside its list item. */
export function indentContinuation(text: string, indent: string): string {
  return text.replace(/\r?\n/g, `\n${indent}`);
}
