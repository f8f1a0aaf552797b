import { createHash } from "node:crypto";
import { categories, type Category, type ChangedFile, type FusedFinding } from "../domain/index.ts";
import { measureSimilarity, isSameProblem } from "./measure-similarity.ts";
import { readCodeContext, type CodeContext } from "./read-code-context.ts";
import { tokenizeMessage } from "./tokenize-message.ts";

const version = "v1";
/** Message tokens kept: the ones with the lowest hashes, a consistent sample of long messages. */
const maxMessageTokens = 24;

/**
 * A finding's identity across pushes, as a short string safe inside an HTML comment
 * (`[a-z0-9._]`): `v1.<path>.<category>.<code>.<message>`, where `<path>` hashes the file path,
 * `<code>` hashes the finding's line and its neighbours with whitespace collapsed (line numbers
 * play no part, so code moving down the file keeps its fingerprint), and `<message>` hashes each
 * normalised message token (see `tokenizeMessage`). The same finding on the same code always gives
 * the same string; {@link fingerprintsMatch} also recognises a reworded one or a line number that
 * wandered by one, which is what a model produces on the next push.
 */
export function computeFingerprint(
  finding: { readonly path: string; readonly message: string; readonly category?: Category | undefined },
  codeContext: CodeContext | string,
): string {
  const context: CodeContext =
    typeof codeContext === "string" ? { before: [], line: codeContext, after: [] } : codeContext;
  const code = [context.line, ...context.before, ...context.after].map((text) =>
    hash(normaliseCode(text), 6),
  );
  const tokens = tokenizeMessage(finding.message)
    .map((token) => hash(token, 4))
    .sort()
    .filter((token, index, all) => all[index - 1] !== token)
    .slice(0, maxMessageTokens);
  const category = finding.category === undefined ? "x" : String(categories.indexOf(finding.category));
  return [version, hash(finding.path, 8), category, code.join("_"), tokens.join("_") || "0"].join(".");
}

/** Sets `fingerprint` on each finding, reading the code context from the change's files. */
export function addFingerprints(
  findings: readonly FusedFinding[],
  files: readonly ChangedFile[],
): FusedFinding[] {
  return findings.map((finding) => ({
    ...finding,
    fingerprint: computeFingerprint(finding, readCodeContext(files, finding.path, finding.line)),
  }));
}

interface ParsedFingerprint {
  readonly path: string;
  readonly category: string;
  /** The finding's own line first, then its neighbours. */
  readonly code: readonly string[];
  readonly tokens: readonly string[];
}

/**
 * Whether two fingerprints name the same finding: same file; the same place — each one's own
 * line is among the other's lines and they share at least two lines (one when a side has only
 * one), so a finding whose line number wandered by one still matches but two identical `}` lines
 * elsewhere do not; and the same problem by the rules clustering uses (`isSameProblem` on the
 * hashed message tokens). Unparsable or other-version fingerprints match only themselves.
 */
export function fingerprintsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const left = parseFingerprint(a);
  const right = parseFingerprint(b);
  if (!left || !right || left.path !== right.path) return false;
  const [leftLine = "", ...leftRest] = left.code;
  const [rightLine = "", ...rightRest] = right.code;
  const leftAll = new Set([leftLine, ...leftRest]);
  const rightAll = new Set([rightLine, ...rightRest]);
  if (!leftAll.has(rightLine) || !rightAll.has(leftLine)) return false;
  const shared = [...leftAll].filter((line) => rightAll.has(line)).length;
  if (shared < Math.min(2, leftAll.size, rightAll.size)) return false;
  return isSameProblem(measureSimilarity(left.tokens, right.tokens), {
    sameCategory: left.category === right.category && left.category !== "x",
    sameLine: leftLine === rightLine,
  });
}

function parseFingerprint(text: string): ParsedFingerprint | undefined {
  const parts = text.split(".");
  if (parts.length !== 5 || parts[0] !== version) return undefined;
  const [, path = "", category = "", code = "", tokens = ""] = parts;
  if (!/^[0-9a-f]{8}$/.test(path) || !/^(?:\d+|x)$/.test(category)) return undefined;
  if (!/^[0-9a-f]{6}(?:_[0-9a-f]{6})*$/.test(code)) return undefined;
  if (!/^(?:0|[0-9a-f]{4}(?:_[0-9a-f]{4})*)$/.test(tokens)) return undefined;
  return { path, category, code: code.split("_"), tokens: tokens === "0" ? [] : tokens.split("_") };
}

function normaliseCode(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}
