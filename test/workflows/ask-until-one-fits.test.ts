import { describe, expect, it } from "vitest";
import { ModelCancelledError, ModelRequestError } from "../../src/pool/index.ts";
import { askUntilOneFits } from "../../src/workflows/index.ts";

const tooLong = (model: string): ModelRequestError =>
  new ModelRequestError("the prompt is longer than the context", { model });

describe("askUntilOneFits", () => {
  it("sends smaller prompts until one fits, and returns that answer", async () => {
    const sent: string[] = [];
    const answer = await askUntilOneFits(2, ["large", "medium", "small"], (prompt) => {
      sent.push(prompt);
      if (prompt !== "small") return Promise.reject(tooLong("tiny"));
      return Promise.resolve({ status: "ok" as const, prompt });
    });
    expect(answer).toEqual({ status: "ok", prompt: "small" });
    expect(sent).toEqual(["large", "medium", "small"]);
  });

  it("makes the agent's failure out of the last request that did not fit, naming its slot and model", async () => {
    const answer = await askUntilOneFits(3, ["large", "small"], (prompt) =>
      Promise.reject(tooLong(`model-for-${prompt}`)),
    );
    expect(answer).toEqual({
      status: "failed",
      agent: { slot: 3, model: "model-for-small", weight: 1 },
      reason: "the request did not fit the model: the prompt is longer than the context",
      usage: { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 },
    });
  });

  it("lets cancellation through rather than trying a smaller prompt", async () => {
    const sent: string[] = [];
    const asking = askUntilOneFits(0, ["large", "small"], (prompt) => {
      sent.push(prompt);
      return Promise.reject(new ModelCancelledError());
    });
    await expect(asking).rejects.toBeInstanceOf(ModelCancelledError);
    expect(sent).toEqual(["large"]);
  });
});
