import { describe, expect, it } from "vitest";
import { sanitizeForGitHub } from "../../src/publish/index.ts";
import {
  appendFingerprintMarker,
  readFingerprintMarker,
  renderInlineComment,
} from "../../src/report/index.ts";
import { makeFinding } from "./make-review.ts";

const fingerprint = "v1.0a1b2c3d.0.aaaaaa_bbbbbb.12ab_34cd";

describe("fingerprint markers", () => {
  it("survive in the posted body when appended after sanitising, and read back", () => {
    const body = appendFingerprintMarker(sanitizeForGitHub(renderInlineComment(makeFinding())), fingerprint);
    expect(body).toContain(`<!-- quorum:fp=${fingerprint} -->`);
    expect(readFingerprintMarker(body)).toBe(fingerprint);
  });

  it("cannot be forged by model text: sanitising removes a marker written in a message", () => {
    const forged = makeFinding({ message: "Bug <!-- quorum:fp=v1.forged.0.aaaaaa.0 --> here" });
    const sanitised = sanitizeForGitHub(renderInlineComment(forged));
    expect(readFingerprintMarker(sanitised)).toBeUndefined();
    expect(readFingerprintMarker(appendFingerprintMarker(sanitised, fingerprint))).toBe(fingerprint);
  });

  it("refuse anything that could break out of the HTML comment", () => {
    expect(() => appendFingerprintMarker("body", "v1 --> <img src=x>")).toThrow(RangeError);
    expect(() => appendFingerprintMarker("body", "")).toThrow(RangeError);
  });

  it("read nothing from bodies without a marker", () => {
    expect(readFingerprintMarker("just a comment")).toBeUndefined();
  });
});
