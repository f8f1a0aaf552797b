import type { EndpointFacts } from "./doctor-probes.ts";

/** `GET {endpoint}/models`: the one request every OpenAI-compatible server (llama.cpp, Ollama, vLLM) answers. */
export async function inspectEndpoint(
  endpoint: string,
  apiKey: string | undefined,
  timeoutMs = 3_000,
): Promise<EndpointFacts> {
  const url = `${endpoint.replace(/\/+$/, "")}/models`;
  try {
    const response = await fetch(url, {
      headers: apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return { reachable: true, status: response.status, modelIds: null };
    }
    return { reachable: true, status: 200, modelIds: readModelIds(await response.json().catch(() => null)) };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return { reachable: false, error: `${error instanceof Error ? error.message : String(error)}${cause}` };
  }
}

function readModelIds(body: unknown): string[] | null {
  if (typeof body !== "object" || body === null || !("data" in body) || !Array.isArray(body.data))
    return null;
  return body.data.flatMap((entry: unknown) =>
    typeof entry === "object" && entry !== null && "id" in entry && typeof entry.id === "string"
      ? [entry.id]
      : [],
  );
}
