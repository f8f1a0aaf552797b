/** "mostly_q4_k_m" → "Q4_K_M": the spelling of llama.cpp's file types without their prefix. */
export function normaliseQuantisation(name: string): string {
  return name.toUpperCase().replace(/^(MOSTLY|ALL)_/, "");
}

/**
 * Does a GGUF file name carry this quantisation? Hub files spell it inside the name
 * (`qwen2.5-coder-7b-instruct-q4_k_m.gguf`); the tag must end at `-`, `.` or the end, so `Q4_K`
 * does not claim a `q4_k_m` file.
 */
export function nameCarriesQuantisation(fileName: string, quantisation: string): boolean {
  const tag = normaliseQuantisation(quantisation).toLowerCase();
  const name = fileName.toLowerCase();
  for (let at = name.indexOf(tag); at !== -1; at = name.indexOf(tag, at + 1)) {
    const before = at === 0 ? "" : name.charAt(at - 1);
    const after = name.charAt(at + tag.length);
    if ((before === "" || "-._".includes(before)) && (after === "" || after === "-" || after === "."))
      return true;
  }
  return false;
}

/**
 * Pure: the GGUF among `fileNames` with the first preferred quantisation that any file carries.
 * Among several of that quantisation, the first by name: for a split model that is its first
 * shard, the one llama.cpp loads the others from. Null when none matches.
 */
export function pickQuantisedFile(
  fileNames: readonly string[],
  preferences: readonly string[],
): { readonly fileName: string; readonly quantisation: string } | null {
  const ggufs = fileNames.filter((f) => f.toLowerCase().endsWith(".gguf")).sort();
  for (const quantisation of preferences) {
    const fileName = ggufs.find((f) => nameCarriesQuantisation(f, quantisation));
    if (fileName !== undefined) return { fileName, quantisation: normaliseQuantisation(quantisation) };
  }
  return null;
}
