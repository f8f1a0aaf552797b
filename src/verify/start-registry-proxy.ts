import { chmod, chown } from "node:fs/promises";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { SandboxRequestError } from "./sandbox-errors.ts";

export interface RegistryProxyOptions {
  /** The only origin reachable through the proxy, e.g. `https://registry.npmjs.org/`. */
  readonly registry: string;
  /** Where the proxy listens: a Unix socket, reachable from inside a network namespace. */
  readonly socketPath: string;
  /** When Quorum is root: the sandbox's throwaway user, who must be able to connect. */
  readonly owner?: { readonly uid: number; readonly gid: number } | undefined;
}

export interface RegistryProxy {
  readonly socketPath: string;
  /** Targets refused because they are not the registry, as `host:port`, in order. */
  readonly refused: readonly string[];
  dispose(): Promise<void>;
}

/**
 * An HTTP proxy that lets a sandboxed install reach one package registry and nothing else:
 * `CONNECT host:port` for an https registry, absolute-URL requests for an http one; anything
 * else gets 403. The sandbox has no network of its own, so this is its only way out.
 */
export async function startRegistryProxy(options: RegistryProxyOptions): Promise<RegistryProxy> {
  const registry = parseRegistry(options.registry);
  const refused: string[] = [];
  const open = new Set<Duplex>();
  const track = (socket: Duplex): void => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  };
  const server = createServer((request, response) => forward(request, response));
  server.on("connection", track);

  function forward(request: IncomingMessage, response: ServerResponse): void {
    const target = parseAbsoluteUrl(request.url);
    if (registry.protocol !== "http:" || target === undefined || target.origin !== registry.origin) {
      refused.push(target === undefined ? "(no absolute URL)" : target.host);
      response
        .writeHead(403, { "content-type": "text/plain" })
        .end("Quorum: only the registry is reachable\n");
      return;
    }
    const headers = { ...request.headers };
    delete headers["proxy-connection"];
    delete headers["proxy-authorization"];
    const upstream = httpRequest(
      {
        host: unbracket(registry.hostname),
        port: registry.port,
        method: request.method,
        path: target.pathname + target.search,
        headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.once("error", () => response.destroy());
    request.pipe(upstream);
  }

  server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    track(client);
    const authority = request.url ?? "";
    if (
      registry.protocol !== "https:" ||
      authority.toLowerCase() !== `${registry.hostname}:${registry.port}`
    ) {
      refused.push(authority);
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = connect(Number(registry.port), unbracket(registry.hostname), () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.once("error", () => client.destroy());
    client.once("error", () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.socketPath, () => resolve());
  });
  if (options.owner !== undefined) await chown(options.socketPath, options.owner.uid, options.owner.gid);
  await chmod(options.socketPath, 0o600);
  return {
    socketPath: options.socketPath,
    refused,
    async dispose() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Registry {
  readonly protocol: "http:" | "https:";
  readonly hostname: string;
  readonly port: string;
  readonly origin: string;
}

function parseRegistry(text: string): Registry {
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new SandboxRequestError(`the install registry must be a URL, got "${text}"`, { cause: error });
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username !== "" || url.password !== "")
    throw new SandboxRequestError(
      `the install registry must be an http(s) URL without credentials, got "${url.origin}"`,
    );
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  // URL keeps IPv6 hosts bracketed, as they appear in a CONNECT authority.
  return { protocol: url.protocol, hostname: url.hostname.toLowerCase(), port, origin: url.origin };
}

/** `[::1]` → `::1`: URL keeps IPv6 hosts bracketed, sockets want them bare. */
function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, "$1");
}

function parseAbsoluteUrl(text: string | undefined): URL | undefined {
  if (text === undefined || !/^https?:\/\//i.test(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
