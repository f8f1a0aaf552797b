import { isTestFile, type TreeFile } from "../../verify/index.ts";

export interface LocateInput {
  /** Issue title and body (hidden text already stripped or not: only words and paths are used). */
  readonly text: string;
  readonly files: readonly TreeFile[];
  readonly readFile: (path: string) => Promise<string | undefined>;
  /** Characters of file content the located files may take together. */
  readonly budgetChars: number;
  /** Source files returned at most. Default: 6. */
  readonly maxFiles?: number | undefined;
}

export interface LocatedFile {
  readonly path: string;
  readonly content: string;
  readonly score: number;
  /** Why it was chosen, for the log: `named in the issue`, `defines total`, … */
  readonly reasons: readonly string[];
}

export interface LocatedFiles {
  /** Source files to show the fix agents, most relevant first, within the budget. */
  readonly sources: readonly LocatedFile[];
  /** The test file most related to the first source (an example of the repository's test style). */
  readonly relatedTest: LocatedFile | undefined;
  /** Relevant files left out because the budget was spent. */
  readonly leftOut: readonly string[];
}

const sourceExtensions =
  /\.(?:[cm]?[jt]sx?|py|go|rs|rb|java|kt|cs|php|swift|c|cc|cpp|h|hpp|scala|ex|exs|lua|sh)$/;
const ignoredPaths =
  /(?:^|\/)(?:node_modules|vendor|third_party|dist|build|out|coverage|target|\.venv|venv|__pycache__)\/|\.min\.[cm]?js$|(?:^|\/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml)$/;
/** Files larger than this are not read for the lexical search (generated or data files, most likely). */
const maxReadBytes = 200_000;
/** Bound on how much of the tree the lexical search reads. */
const maxFilesRead = 2000;
const stopWords = new Set(
  "the and for with that this from when then than else not are was were but have has had can should would could will into onto about after before under over there their which while what where who why how does doesn return returns value values error errors issue bug fix test tests expected actual instead".split(
    " ",
  ),
);

/**
 * Chooses the files an issue is about: paths and file names it mentions (stack-trace frames
 * included), then a lexical search of the tree for the identifiers it mentions, favouring files
 * that define them. Everything is read from the commit, never from a worktree.
 */
export async function locateRelevantFiles(input: LocateInput): Promise<LocatedFiles> {
  const maxFiles = input.maxFiles ?? 6;
  const candidates = input.files.filter(
    (file) =>
      (file.mode === "100644" || file.mode === "100755") &&
      sourceExtensions.test(file.path) &&
      !ignoredPaths.test(file.path),
  );
  const mentioned = extractMentions(input.text);
  const scores = new Map<string, { score: number; reasons: string[] }>();
  const add = (path: string, score: number, reason: string): void => {
    const entry = scores.get(path) ?? { score: 0, reasons: [] };
    entry.score += score;
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    scores.set(path, entry);
  };

  for (const file of candidates) {
    const base = file.path.split("/").at(-1) ?? file.path;
    const stem = base.replace(/\.[^.]+$/, "");
    for (const path of mentioned.paths) {
      if (file.path === path || file.path.endsWith(`/${path}`))
        add(file.path, path.includes("/") ? 12 : 8, "named in the issue");
      else if (base === path) add(file.path, 6, "its file name is in the issue");
    }
    if (mentioned.identifiers.has(stem)) add(file.path, 3, "its name is mentioned");
  }

  const contents = new Map<string, string>();
  const readable = candidates.filter((file) => file.size <= maxReadBytes).slice(0, maxFilesRead);
  for (const file of readable) {
    const content = await input.readFile(file.path);
    if (content === undefined || content.includes("\0")) continue;
    contents.set(file.path, content);
    for (const identifier of mentioned.identifiers) {
      const uses = countWord(content, identifier);
      if (uses === 0) continue;
      add(file.path, Math.min(uses, 5) * 0.5, `mentions ${identifier}`);
      if (definitionPattern(identifier).test(content)) add(file.path, 4, `defines ${identifier}`);
    }
  }

  const ranked = [...scores.entries()]
    .filter(([path]) => contents.has(path))
    .sort(([pathA, a], [pathB, b]) => b.score - a.score || pathA.localeCompare(pathB));
  let sourcesRanked = ranked.filter(([path]) => !isTestFile(path));
  // A small repository the issue gives no handle on: its whole source fits, so show it.
  if (sourcesRanked.length === 0) {
    const all = [...contents.entries()].filter(([path]) => !isTestFile(path));
    const total = all.reduce((sum, [, content]) => sum + content.length, 0);
    if (total <= input.budgetChars)
      sourcesRanked = all.map(([path]) => [path, { score: 0, reasons: ["the repository is small"] }]);
  }

  const sources: LocatedFile[] = [];
  const leftOut: string[] = [];
  let used = 0;
  for (const [path, entry] of sourcesRanked) {
    const content = contents.get(path) ?? "";
    if (sources.length >= maxFiles || used + content.length > input.budgetChars) {
      leftOut.push(path);
      continue;
    }
    used += content.length;
    sources.push({ path, content, score: entry.score, reasons: entry.reasons });
  }
  return { sources, relatedTest: findRelatedTest(sources[0], contents, ranked), leftOut };
}

interface Mentions {
  readonly paths: ReadonlySet<string>;
  readonly identifiers: ReadonlySet<string>;
}

/** File paths (also from stack-trace frames like `at f (src/a.js:3:9)` or `File "a.py", line 3`) and identifiers. */
export function extractMentions(text: string): Mentions {
  const paths = new Set<string>();
  for (const match of text.matchAll(
    /(?:^|[\s("'`[<])((?:[\w.@-]+\/)*[\w@-][\w.@-]*\.[A-Za-z]{1,6})(?=$|[\s)"'`\]>:,;])/gm,
  )) {
    const path = (match[1] ?? "").replace(/^\.\//, "");
    if (!/^\d+(?:\.\d+)+$/.test(path) && !/^(?:e\.g|i\.e|etc)\./i.test(path)) paths.add(path);
  }
  const identifiers = new Set<string>();
  for (const match of text.matchAll(/`([^`\n]{1,80})`/g)) {
    for (const word of (match[1] ?? "").match(/[A-Za-z_$][\w$]*/g) ?? [])
      if (word.length >= 3) identifiers.add(word);
  }
  for (const word of text.match(/\b[A-Za-z_][A-Za-z0-9_]{2,}\b/g) ?? []) {
    const lower = word.toLowerCase();
    if (stopWords.has(lower)) continue;
    // camelCase, PascalCase with an inner capital, snake_case: identifiers, not prose.
    if (/[a-z][A-Z]|_/.test(word) || /^[A-Z][a-z]+[A-Z]/.test(word)) identifiers.add(word);
  }
  for (const match of text.matchAll(/\bat\s+(?:[\w$.]+\.)?([\w$]+)\s+\(/g))
    if (match[1] !== undefined) identifiers.add(match[1]);
  for (const match of text.matchAll(/\bin\s+([A-Za-z_]\w*)\s*$/gm))
    if (match[1] !== undefined) identifiers.add(match[1]);
  // Words of the title-like text that also name things in code: kept only if a file defines them (scored below).
  for (const word of text.match(/\b[a-z][a-z0-9]{3,}\b/g) ?? [])
    if (!stopWords.has(word)) identifiers.add(word);
  return { paths, identifiers };
}

function countWord(content: string, word: string): number {
  return content.match(new RegExp(`(?<![\\w$])${escape(word)}(?![\\w$])`, "g"))?.length ?? 0;
}

function definitionPattern(identifier: string): RegExp {
  const name = escape(identifier);
  return new RegExp(
    `(?:function\\*?|def|func|class|fn|const|let|var|type|interface|struct|enum)\\s+(?:\\([^)]*\\)\\s*)?${name}(?![\\w$])|(?<![\\w$])${name}\\s*[:=]\\s*(?:async\\s*)?(?:function|\\()`,
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function findRelatedTest(
  source: LocatedFile | undefined,
  contents: ReadonlyMap<string, string>,
  ranked: readonly (readonly [string, { score: number; reasons: string[] }])[],
): LocatedFile | undefined {
  const tests = [...contents.entries()].filter(([path]) => isTestFile(path));
  if (source !== undefined) {
    const stem = (source.path.split("/").at(-1) ?? "").replace(/\.[^.]+$/, "");
    const importing = tests.find(([, content]) =>
      new RegExp(`(?<![\\w$])${escape(stem)}(?![\\w$])`).test(content),
    );
    if (importing !== undefined)
      return { path: importing[0], content: importing[1], score: 0, reasons: [`uses ${stem}`] };
  }
  const best = ranked.find(([path]) => isTestFile(path));
  if (best !== undefined)
    return {
      path: best[0],
      content: contents.get(best[0]) ?? "",
      score: best[1].score,
      reasons: best[1].reasons,
    };
  const any = tests[0];
  return any === undefined
    ? undefined
    : { path: any[0], content: any[1], score: 0, reasons: ["an example test"] };
}
