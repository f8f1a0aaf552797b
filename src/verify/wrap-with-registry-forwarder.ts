/**
 * Runs inside the sandbox, as Quorum's code: listens on the namespace's own loopback and forwards
 * every connection to the registry proxy's Unix socket (the only way out), then runs the command
 * with the proxy and registry in the environment package managers read. Exits with the command's
 * status; 127 when it cannot start.
 */
const forwarderScript = `
const net = require("node:net");
const { spawn } = require("node:child_process");
const [socketPath, registry, program, ...args] = process.argv.slice(1);
const server = net.createServer((client) => {
  const upstream = net.connect(socketPath);
  client.pipe(upstream);
  upstream.pipe(client);
  client.on("error", () => upstream.destroy());
  upstream.on("error", () => client.destroy());
});
server.on("error", (error) => {
  console.error("quorum: the registry forwarder could not listen: " + error.message);
  process.exit(127);
});
server.listen(0, "127.0.0.1", () => {
  const proxy = "http://127.0.0.1:" + server.address().port;
  const env = {
    ...process.env,
    HTTP_PROXY: proxy, HTTPS_PROXY: proxy, http_proxy: proxy, https_proxy: proxy,
    NO_PROXY: "", no_proxy: "",
    npm_config_proxy: proxy, npm_config_https_proxy: proxy, npm_config_noproxy: "",
    npm_config_registry: registry, npm_config_offline: "false",
  };
  const child = spawn(program, args, { stdio: "inherit", env });
  child.on("error", (error) => {
    console.error("quorum: could not start " + program + ": " + error.message);
    process.exit(127);
  });
  child.on("exit", (code, signal) =>
    process.exit(code ?? 128 + (require("node:os").constants.signals[signal] ?? 0)),
  );
});
`;

/** The command, wrapped so that it reaches `registry` through the proxy at `socketPath`. */
export function wrapWithRegistryForwarder(
  nodePath: string,
  socketPath: string,
  registry: string,
  command: readonly [string, ...string[]],
): [string, ...string[]] {
  return [nodePath, "-e", forwarderScript, socketPath, registry, ...command];
}
