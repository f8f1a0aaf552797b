const simpleEscapes: Readonly<Record<string, number>> = {
  a: 7,
  b: 8,
  t: 9,
  n: 10,
  v: 11,
  f: 12,
  r: 13,
  '"': 34,
  "\\": 92,
};

/**
 * Reads one C-style quoted path as git writes it (`"t\303\251st \"q\".txt"`) starting at
 * `start` (the opening quote). Octal escapes are UTF-8 bytes, so they are decoded together.
 * Returns the path and the index just past the closing quote, or undefined when unterminated.
 */
export function readQuotedGitPath(text: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let i = start + 1;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char === '"') {
      return { value: new TextDecoder().decode(new Uint8Array(bytes)), end: i + 1 };
    }
    if (char === "\\") {
      const next = text.charAt(i + 1);
      const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
      if (octal !== null) {
        bytes.push(parseInt(octal[0], 8));
        i += 4;
        continue;
      }
      const escaped = simpleEscapes[next];
      if (escaped !== undefined) {
        bytes.push(escaped);
        i += 2;
        continue;
      }
      // Unknown escape: keep it literally rather than guessing.
      bytes.push(...encoder.encode(char));
      i += 1;
      continue;
    }
    const codePoint = text.codePointAt(i) ?? 0;
    const literal = String.fromCodePoint(codePoint);
    bytes.push(...encoder.encode(literal));
    i += literal.length;
  }
  return undefined;
}

/** A path field of a diff header: quoted, or bare up to a tab (git appends a tab after names with spaces). */
export function readGitPathField(field: string): string {
  if (field.startsWith('"')) {
    const quoted = readQuotedGitPath(field, 0);
    if (quoted !== undefined) return quoted.value;
  }
  const tab = field.indexOf("\t");
  return tab === -1 ? field : field.slice(0, tab);
}
