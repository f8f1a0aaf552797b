import { createPrivateKey } from "node:crypto";
import { createOk, createProblem, type DoctorCheck } from "./doctor-check.ts";
import type { PrivateKeyFacts } from "./doctor-probes.ts";

export interface CredentialsCheckInput {
  readonly env: NodeJS.ProcessEnv;
  readonly privateKey: PrivateKeyFacts;
}

const pemPattern = /-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----/;
const probotDefaultSecret = "development";

/**
 * APP_ID, the private key and WEBHOOK_SECRET, read the way Probot reads them. Never prints a secret:
 * lines say where a value came from and whether it is usable, not what it is.
 */
export function checkCredentials(input: CredentialsCheckInput): DoctorCheck[] {
  const { env, privateKey } = input;
  const appId = env.APP_ID?.trim() ?? "";
  const secret = env.WEBHOOK_SECRET ?? "";
  if (appId === "" && privateKey.source === "none" && secret === "") {
    const port = env.PORT ?? "3000";
    return [
      createProblem(
        "warn",
        "app",
        "credentials",
        `APP_ID, PRIVATE_KEY and WEBHOOK_SECRET are not set: \`quorum\` and \`quorum serve\` start Probot's setup flow instead of the app (and \`quorum worker\` stops)`,
        `Run \`quorum\`, open http://localhost:${port} and register the app (Probot writes APP_ID, PRIVATE_KEY and WEBHOOK_SECRET to .env), or set them yourself.`,
      ),
    ];
  }
  return [checkAppId(appId), checkPrivateKey(privateKey), checkWebhookSecret(secret)];
}

function checkAppId(appId: string): DoctorCheck {
  if (/^[1-9]\d*$/.test(appId)) return createOk("app", "APP_ID", appId);
  return createProblem(
    "fail",
    "app",
    "APP_ID",
    appId === "" ? "not set" : "not a positive integer",
    "Set APP_ID to the App ID shown on the GitHub App's settings page (General → About).",
  );
}

function checkPrivateKey(facts: PrivateKeyFacts): DoctorCheck {
  const generate =
    "Generate a private key on the GitHub App's settings page (General → Private keys) and set PRIVATE_KEY_PATH to the downloaded .pem file.";
  if (facts.source === "none") {
    return createProblem(
      "fail",
      "app",
      "private key",
      "neither PRIVATE_KEY nor PRIVATE_KEY_PATH is set",
      generate,
    );
  }
  const where =
    facts.source === "PRIVATE_KEY" ? "PRIVATE_KEY" : `${describeSource(facts.source)} ${facts.path}`;
  if ("error" in facts) {
    return createProblem("fail", "app", "private key", `cannot read ${where}: ${facts.error}`, generate);
  }
  const text = normalizePrivateKey(facts.text);
  if (!pemPattern.test(text)) {
    return createProblem(
      "fail",
      "app",
      "private key",
      `${where} is not a PEM private key (no BEGIN/END PRIVATE KEY lines)`,
      `${generate} In PRIVATE_KEY itself, keep the line breaks (or write them as \\n, or base64-encode the whole file).`,
    );
  }
  let keyType: string | undefined;
  try {
    keyType = createPrivateKey(text).asymmetricKeyType;
  } catch {
    return createProblem(
      "fail",
      "app",
      "private key",
      `${where} looks like PEM but does not parse as a private key`,
      generate,
    );
  }
  if (keyType !== "rsa") {
    return createProblem(
      "fail",
      "app",
      "private key",
      `${where} is a ${keyType ?? "unknown"} key; GitHub Apps sign with RSA`,
      generate,
    );
  }
  return createOk("app", "private key", `RSA private key from ${where}`);
}

function checkWebhookSecret(secret: string): DoctorCheck {
  if (secret === "" || secret === probotDefaultSecret) {
    return createProblem(
      "fail",
      "app",
      "WEBHOOK_SECRET",
      secret === ""
        ? `not set: Probot falls back to "${probotDefaultSecret}", so anyone can forge webhooks`
        : `is Probot's well-known default "${probotDefaultSecret}"`,
      "Set a random WEBHOOK_SECRET (`openssl rand -hex 32`) here and the same value as the GitHub App's webhook secret.",
    );
  }
  return createOk("app", "WEBHOOK_SECRET", "set");
}

function describeSource(source: "PRIVATE_KEY_PATH" | "pem-file"): string {
  return source === "PRIVATE_KEY_PATH" ? "PRIVATE_KEY_PATH" : "the .pem file";
}

/** The same leniency as `@probot/get-private-key`: base64-encoded keys and literal `\n` sequences. */
function normalizePrivateKey(raw: string): string {
  let text = raw.trim();
  if (text !== "" && Buffer.from(text, "base64").toString("base64") === text) {
    text = Buffer.from(text, "base64").toString("utf8");
  }
  if (text.includes("\\n")) text = text.replace(/\\n/g, "\n");
  if (!text.includes("\n")) {
    text = text.replace(/(-----BEGIN [A-Z ]+-----)\s*/, "$1\n").replace(/\s*(-----END [A-Z ]+-----)/, "\n$1");
  }
  return text;
}
