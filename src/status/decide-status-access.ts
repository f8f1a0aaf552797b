import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { StatusAccess } from "./status-access.ts";

export const statusCookieName = "quorum_status";
/** How long the cookie from `?token=` lasts. */
const cookieMaxAgeSeconds = 7 * 24 * 3600;
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export interface StatusRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** The connection (or the proxy in front, by X-Forwarded-Proto) is TLS: the cookie is then `Secure`. */
  readonly secure: boolean;
}

export type AccessDecision =
  | { readonly kind: "allow" }
  /** A valid `?token=`: keep it in a cookie and drop it from the address bar (and history). */
  | { readonly kind: "redirect"; readonly location: string; readonly cookie: string }
  | {
      readonly kind: "deny";
      readonly status: 401 | 403;
      readonly headers: Readonly<Record<string, string>>;
      readonly message: string;
    };

/** Hashing first makes the comparison take the same time whatever the lengths and contents. */
function equalSecrets(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The cookie holds a value derived from the token, not the token itself. */
function cookieValue(token: string): string {
  return createHmac("sha256", token).update("quorum-status-cookie-v1").digest("hex");
}

function readCookie(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const part of (headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function checkAuthorization(header: string | undefined, access: StatusAccess): boolean {
  if (header === undefined) return false;
  const [scheme = "", credentials = ""] = header.trim().split(/\s+/, 2);
  if (scheme.toLowerCase() === "bearer" && access.token !== undefined) {
    return equalSecrets(credentials, access.token);
  }
  if (scheme.toLowerCase() === "basic" && access.basic !== undefined) {
    const decoded = Buffer.from(credentials, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return false;
    const userMatches = equalSecrets(decoded.slice(0, colon), access.basic.user);
    const passwordMatches = equalSecrets(decoded.slice(colon + 1), access.basic.password);
    return userMatches && passwordMatches;
  }
  return false;
}

/**
 * A browser sends basic credentials and cookies with requests other sites make, so a request that
 * changes something (the queue dashboard's retry, clean, pause…) must come from these pages.
 */
function isCrossSite(request: StatusRequest): boolean {
  if (safeMethods.has(request.method ?? "GET")) return false;
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return true;
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

function deny(access: StatusAccess): AccessDecision {
  const challenge =
    access.basic === undefined
      ? 'Bearer realm="Quorum status"'
      : 'Basic realm="Quorum status", charset="UTF-8"';
  const ways = [
    ...(access.basic === undefined ? [] : ["sign in with QUORUM_STATUS_USER and QUORUM_STATUS_PASSWORD"]),
    ...(access.token === undefined
      ? []
      : [
          "send `Authorization: Bearer <QUORUM_STATUS_TOKEN>`",
          "open the page once with ?token=<QUORUM_STATUS_TOKEN>",
        ]),
  ];
  return {
    kind: "deny",
    status: 401,
    headers: { "www-authenticate": challenge },
    message: `Authentication required: ${ways.join(", or ")}.`,
  };
}

/**
 * Whether a request to the status page or the queue dashboard may proceed: a bearer token, basic
 * credentials, the cookie, or a `?token=` (which becomes the cookie). Secrets are compared in
 * constant time.
 */
export function decideStatusAccess(
  request: StatusRequest,
  access: StatusAccess,
  cookiePath: string,
): AccessDecision {
  if (isCrossSite(request)) {
    return { kind: "deny", status: 403, headers: {}, message: "Cross-site requests are refused." };
  }
  if (checkAuthorization(request.headers.authorization, access)) return { kind: "allow" };
  const { token } = access;
  if (token === undefined) return deny(access);
  const cookie = readCookie(request.headers, statusCookieName);
  if (cookie !== undefined && equalSecrets(cookie, cookieValue(token))) return { kind: "allow" };
  const url = new URL(request.url ?? "/", "http://status.invalid");
  const given = url.searchParams.get("token");
  if (given === null || !safeMethods.has(request.method ?? "GET") || !equalSecrets(given, token)) {
    return deny(access);
  }
  url.searchParams.delete("token");
  const attributes = [
    `${statusCookieName}=${cookieValue(token)}`,
    `Path=${cookiePath}`,
    `Max-Age=${cookieMaxAgeSeconds}`,
    "HttpOnly",
    // Lax, not Strict: a link from a chat message is a cross-site navigation, and the redirect
    // that follows it must still carry the cookie. Writes are guarded by `isCrossSite`.
    "SameSite=Lax",
    ...(request.secure ? ["Secure"] : []),
  ];
  return { kind: "redirect", location: `${url.pathname}${url.search}`, cookie: attributes.join("; ") };
}
