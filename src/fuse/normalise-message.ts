/** Messages differing only in spacing or case say the same thing. */
export function normaliseMessage(message: string): string {
  return message.trim().replace(/\s+/g, " ").toLowerCase();
}
