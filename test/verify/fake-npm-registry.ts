import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One package an npm registry on the host serves, as `npm ci` fetches it through Quorum's proxy. */
export interface FakeNpmRegistry {
  /** e.g. `http://127.0.0.1:41234/` */
  readonly url: string;
  readonly packageName: string;
  /** Paths requested so far. */
  readonly requests: readonly string[];
  /** package.json and package-lock.json of a project that depends on the package. */
  projectFiles(extra?: { name?: string; scripts?: Record<string, string> }): Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real HTTP server with one real tarball (`quorum-pad@1.0.0`, exporting `pad(text, width)`),
 * plus the lockfile entries that point at it with the tarball's integrity.
 */
export async function startFakeNpmRegistry(): Promise<FakeNpmRegistry> {
  const packageName = "quorum-pad";
  const build = mkdtempSync(join(tmpdir(), "quorum-fake-registry-"));
  mkdirSync(join(build, "package"));
  writeFileSync(
    join(build, "package", "package.json"),
    JSON.stringify({ name: packageName, version: "1.0.0", main: "index.js" }),
  );
  writeFileSync(
    join(build, "package", "index.js"),
    "exports.pad = (text, width) => String(text).padStart(width, ' ');\n",
  );
  execFileSync("tar", ["-czf", join(build, "pkg.tgz"), "-C", build, "package"]);
  const tarball = readFileSync(join(build, "pkg.tgz"));
  rmSync(build, { recursive: true, force: true });
  const integrity = `sha512-${createHash("sha512").update(tarball).digest("base64")}`;
  const shasum = createHash("sha1").update(tarball).digest("hex");

  const requests: string[] = [];
  let base = "";
  const tarballPath = `/${packageName}/-/${packageName}-1.0.0.tgz`;
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "";
    requests.push(path);
    if (path === tarballPath) {
      response.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball);
    } else if (path === `/${packageName}`) {
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          name: packageName,
          "dist-tags": { latest: "1.0.0" },
          versions: {
            "1.0.0": {
              name: packageName,
              version: "1.0.0",
              dist: { tarball: `${base}${tarballPath.slice(1)}`, integrity, shasum },
            },
          },
        }),
      );
    } else {
      response.writeHead(404).end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    packageName,
    requests,
    projectFiles(extra = {}) {
      const name = extra.name ?? "app";
      const manifest = {
        name,
        version: "1.0.0",
        private: true,
        type: "module",
        ...(extra.scripts === undefined ? {} : { scripts: extra.scripts }),
        dependencies: { [packageName]: "1.0.0" },
      };
      const lock = {
        name,
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages: {
          "": { name, version: "1.0.0", dependencies: { [packageName]: "1.0.0" } },
          [`node_modules/${packageName}`]: {
            version: "1.0.0",
            resolved: `${base}${tarballPath.slice(1)}`,
            integrity,
          },
        },
      };
      return {
        "package.json": `${JSON.stringify(manifest, null, 2)}\n`,
        "package-lock.json": `${JSON.stringify(lock, null, 2)}\n`,
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
