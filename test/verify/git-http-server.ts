import { spawn } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface GitHttpServer {
  /** Base URL; a repository `name.git` under the root is at `${url}/name.git`. */
  readonly url: string;
  /** The Authorization headers of every request, in order. */
  readonly authorizations: readonly (string | undefined)[];
  close(): Promise<void>;
}

/**
 * A real smart-HTTP git server (git's own `git http-backend` as CGI) over the repositories in
 * `root`, answering 401 unless the request carries `expectedAuthorization`.
 */
export async function startGitHttpServer(
  root: string,
  expectedAuthorization: string,
): Promise<GitHttpServer> {
  const authorizations: (string | undefined)[] = [];
  const server: Server = createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    if (request.headers.authorization !== expectedAuthorization) {
      response.writeHead(401, { "WWW-Authenticate": 'Basic realm="test"' }).end();
      return;
    }
    const url = new URL(request.url ?? "/", "http://localhost");
    const backend = spawn("/usr/lib/git-core/git-http-backend", [], {
      env: {
        PATH: process.env.PATH ?? "",
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: request.method ?? "GET",
        CONTENT_TYPE: request.headers["content-type"] ?? "",
        GIT_PROTOCOL: header(request, "git-protocol"),
        HTTP_CONTENT_ENCODING: header(request, "content-encoding"),
        REMOTE_ADDR: "127.0.0.1",
      },
      stdio: ["pipe", "pipe", "inherit"],
    });
    request.pipe(backend.stdin);
    const chunks: Buffer[] = [];
    backend.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    backend.on("close", () => {
      const output = Buffer.concat(chunks);
      const split = output.indexOf("\r\n\r\n");
      const head = output.subarray(0, split).toString("latin1");
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.split("\r\n")) {
        const colon = line.indexOf(":");
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]);
        else headers[name] = value;
      }
      response.writeHead(status, headers).end(output.subarray(split + 4));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function header(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}
