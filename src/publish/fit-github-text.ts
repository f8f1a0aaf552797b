/** GitHub's limit for check-run `output.summary`/`output.text` and for review and comment bodies. */
export const gitHubTextLimit = 65_535;

/**
 * Shortens text to GitHub's limit, cutting at a line break when one is near and ending with a
 * note, so an over-long report is still accepted instead of failing the whole publish.
 */
export function fitGitHubText(text: string, limit: number = gitHubTextLimit): string {
  if (text.length <= limit) return text;
  const note = (omitted: number): string => `\n\n… (truncated: ${omitted} more characters not shown)`;
  // Room for the note and for closing a fence of up to 10 characters.
  const room = Math.max(0, limit - note(text.length).length - 11);
  let cut = room;
  const lineBreak = text.lastIndexOf("\n", room);
  if (lineBreak > 0 && lineBreak > room - 2000) cut = lineBreak;
  // Never split a surrogate pair.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const kept = text.slice(0, cut);
  // Close a fenced block the cut left open, or the note would render as code.
  const openFence = findOpenFence(kept);
  const fitted = `${kept}${openFence === undefined ? "" : `\n${openFence}`}${note(text.length - cut)}`;
  // Only a limit too small for the note itself gets here; a bare cut is all that fits.
  return fitted.length <= limit ? fitted : cutWithoutNote(text, limit);
}

function cutWithoutNote(text: string, limit: number): string {
  const code = text.charCodeAt(limit - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit);
}

/** The fence of a fenced code block still open at the end of `text`, if any. */
function findOpenFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split("\n")) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) continue;
    if (open === undefined) open = fence;
    else if (fence.startsWith(open.charAt(0)) && fence.length >= open.length && line.trim() === fence)
      open = undefined;
  }
  return open;
}
