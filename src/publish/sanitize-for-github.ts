import { redactSecrets } from "./redact-secrets.ts";

export interface SanitizeOptions {
  /** Host of the repository's web UI; links there stay clickable. Default `github.com`. */
  readonly repoHost?: string | undefined;
  /** With `repo`, narrows the links that stay clickable to this repository's pages. */
  readonly owner?: string | undefined;
  readonly repo?: string | undefined;
}

const stashOpen = "\uE000";
const stashClose = "\uE001";
const zeroWidthJoiner = "\u200D";
const maxPasses = 10;

/**
 * Makes model output safe to post on GitHub: secrets are redacted; outside code, HTML is removed,
 * links and images to other hosts lose their URL (the text stays), and `@mentions` get a
 * zero-width joiner so nobody is pinged. Code spans and fenced blocks keep their text (only
 * secrets are redacted there) because GitHub renders them literally. Where our reading of the
 * markdown could differ from GitHub's, text is treated as prose, the safer side.
 */
export function sanitizeForGitHub(text: string, options: SanitizeOptions = {}): string {
  const cleaned = redactSecrets(
    text
      .replace(/\r\n?/g, "\n")
      // Our placeholders, and bidi controls that can make text read differently from what it is.
      .replace(/[\uE000\uE001\u202A-\u202E\u2066-\u2069]/g, ""),
  );
  const stash: string[] = [];
  const prose = stashInlineCode(stashFencedCode(cleaned, stash), stash);
  const safe = neutraliseMentions(neutraliseLinks(redactSecrets(removeHtml(prose)), options));
  return safe.replace(new RegExp(`${stashOpen}(\\d+)${stashClose}`, "g"), (_, index: string) => {
    return stash[Number(index)] ?? "";
  });
}

function keep(stash: string[], code: string): string {
  stash.push(code);
  return `${stashOpen}${stash.length - 1}${stashClose}`;
}

/**
 * Stashes fenced code blocks. Only fences at column 0 count: an indented fence may belong to a
 * list item and end with it, which would turn what we took for code back into prose.
 */
function stashFencedCode(text: string, stash: string[]): string {
  const lines = text.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? "";
    const open = /^(`{3,}|~{3,})(.*)$/.exec(line);
    const fence = open?.[1];
    if (fence === undefined || (fence.startsWith("`") && (open?.[2] ?? "").includes("`"))) {
      out.push(line);
      continue;
    }
    const closing = new RegExp(`^ {0,3}${fence.charAt(0)}{${fence.length},}[ \\t]*$`);
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end] ?? "")) end += 1;
    // An unclosed fence runs to the end of the document, as in CommonMark.
    out.push(keep(stash, lines.slice(i, end + 1).join("\n")));
    i = end;
  }
  return out.join("\n");
}

/** Stashes code spans that open and close on one line and whose opening is not backslash-escaped. */
function stashInlineCode(text: string, stash: string[]): string {
  return text
    .split("\n")
    .map((line) => {
      let out = "";
      let i = 0;
      while (i < line.length) {
        if (line.charAt(i) !== "`") {
          out += line.charAt(i);
          i += 1;
          continue;
        }
        const run = backtickRun(line, i);
        const close = line.charAt(i - 1) === "\\" ? -1 : findClosingRun(line, i + run, run);
        if (close === -1) {
          out += line.slice(i, i + run);
          i += run;
          continue;
        }
        out += keep(stash, line.slice(i, close + run));
        i = close + run;
      }
      return out;
    })
    .join("\n");
}

function backtickRun(line: string, start: number): number {
  let end = start;
  while (line.charAt(end) === "`") end += 1;
  return end - start;
}

function findClosingRun(line: string, from: number, length: number): number {
  let i = from;
  while (i < line.length) {
    if (line.charAt(i) === "`") {
      const run = backtickRun(line, i);
      if (run === length) return i;
      i += run;
    } else {
      i += 1;
    }
  }
  return -1;
}

/** Removes HTML comments, tags and declarations; any `<` left that could start HTML is escaped. */
function removeHtml(text: string): string {
  let out = text;
  for (let pass = 0; pass < maxPasses; pass += 1) {
    const next = out
      .replace(/<!--[\s\S]*?(?:-->|$)/g, "")
      .replace(/<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g, "")
      .replace(/<\?[\s\S]*?(?:\?>|$)/g, "")
      .replace(/<![A-Za-z][^>]*>/g, "")
      .replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, "");
    if (next === out) break;
    out = next;
  }
  // What remains cannot form a tag or an autolink once its `<` is an entity.
  return out.replace(/<(?=[A-Za-z!?/])/g, "&lt;");
}

const inlineLink =
  /(!?)\[((?:[^[\]\n]|\[[^[\]\n]*\])*)\]\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\)))?\s*\)/g;
const referenceDefinition = /^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^<>\n]*>|\S+).*$/gm;
const bareUrl = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>()[\]]*[^\s<>()[\].,;:!?'"*_~]/gi;

/** Links and images to other hosts keep their text and lose their URL; bare URLs lose their scheme. */
function neutraliseLinks(text: string, options: SanitizeOptions): string {
  let out = text;
  // Repeated because link text can itself hold an image (`[![badge](img)](url)`).
  for (let pass = 0; pass < maxPasses; pass += 1) {
    // An image keeps its alt text, a link its label.
    const next = out.replace(inlineLink, (match, _bang: string, label: string, destination: string) =>
      isAllowedUrl(destination, options) ? match : label,
    );
    if (next === out) break;
    out = next;
  }
  out = out.replace(referenceDefinition, (match, destination: string) =>
    isAllowedUrl(destination, options) ? match : "",
  );
  // GitHub autolinks bare `https://…` and `www.…`; without the prefix the text is no longer a link.
  return out.replace(bareUrl, (url) =>
    isAllowedUrl(url, options) ? url : url.replace(/^(?:https?|ftp):\/\//i, "").replace(/^www\./i, ""),
  );
}

function isAllowedUrl(destination: string, options: SanitizeOptions): boolean {
  const raw = destination.replace(/^<|>$/g, "").trim();
  const withScheme = /^www\./i.test(raw) ? `https://${raw}` : raw;
  // Relative links resolve inside the repository on GitHub.
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(withScheme) && !withScheme.startsWith("//")) return true;
  let url: URL;
  try {
    url = new URL(withScheme, "https://invalid.invalid");
  } catch {
    return false;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  if (url.hostname.toLowerCase() !== (options.repoHost ?? "github.com").toLowerCase()) return false;
  if (options.owner === undefined || options.repo === undefined) return true;
  const base = `/${options.owner}/${options.repo}`.toLowerCase();
  const path = url.pathname.toLowerCase();
  return path === base || path.startsWith(`${base}/`);
}

/** `@name` not preceded by a letter or digit is a mention (or a team's `@org/team`); emails are not. */
function neutraliseMentions(text: string): string {
  return text
    .replace(/&(?:#0*64|#x0*40|commat);/gi, "@")
    .replace(/(?<![A-Za-z0-9])@(?=[A-Za-z0-9])/g, `@${zeroWidthJoiner}`);
}
