import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";

const defaultWebhookPath = "/api/github/webhooks";

/**
 * Where GitHub's webhooks are expected to arrive. The doctor cannot see the machine from outside, so
 * without a relay it states what has to be reachable rather than guessing whether it is.
 */
export function checkWebhook(env: NodeJS.ProcessEnv): DoctorCheck[] {
  const lines: DoctorCheck[] = [];
  const portText = env.PORT?.trim() ?? "";
  const port = portText === "" ? 3000 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    lines.push(
      createProblem(
        "fail",
        "webhook",
        "PORT",
        `"${portText}" is not a TCP port`,
        "Set PORT to a number from 1 to 65535, or unset it for 3000.",
      ),
    );
  }
  const path = env.WEBHOOK_PATH?.trim() || defaultWebhookPath;
  const proxy = env.WEBHOOK_PROXY_URL?.trim() ?? "";
  if (proxy !== "") {
    let origin: string;
    try {
      origin = new URL(proxy).origin;
    } catch {
      lines.push(
        createProblem(
          "fail",
          "webhook",
          "delivery",
          "WEBHOOK_PROXY_URL is not a URL",
          "Create a channel at https://smee.io/new and set WEBHOOK_PROXY_URL to its URL (and the GitHub App's webhook URL to the same).",
        ),
      );
      return lines;
    }
    // The channel path is not printed: whoever knows it can read the webhook payloads.
    lines.push(
      createOk("webhook", "delivery", `relayed through ${origin} (WEBHOOK_PROXY_URL) to port ${port}${path}`),
    );
  } else {
    lines.push(
      createOk(
        "webhook",
        "delivery",
        `no relay: GitHub must reach this machine's port ${port} at ${path} (public address, reverse proxy or tunnel), and the GitHub App's webhook URL must point there`,
      ),
    );
  }
  const gheHost = env.GHE_HOST?.trim() ?? "";
  if (gheHost !== "") {
    lines.push(
      createOk(
        "webhook",
        "GitHub",
        `GitHub Enterprise Server at ${env.GHE_PROTOCOL ?? "https"}://${gheHost}`,
      ),
    );
  }
  return lines;
}
