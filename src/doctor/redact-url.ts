/** Hides a password in a connection URL (`redis://:s3cret@host` → `redis://:***@host`); the doctor prints URLs. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString().replace(/\/$/, "");
}
