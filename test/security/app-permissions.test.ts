import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/** The operator registers the app from app.yml and reads why in the security model: they must agree. */
describe("the GitHub App's permissions", () => {
  it("are the ones the security model lists and explains, and never administration or workflows", async () => {
    const manifest = parse(await readFile("app.yml", "utf8")) as {
      default_permissions: Record<string, string>;
    };
    const doc = await readFile("docs/security-model.md", "utf8");
    const table = doc.slice(doc.indexOf("### GitHub App permissions"));
    const rows = [...table.matchAll(/^\| ([A-Z][a-z]+(?: [a-z]+)*)\s*\| (read|write)\s*\|/gm)].map((m) => [
      (m[1] ?? "").toLowerCase().replace(/ /g, "_"),
      m[2],
    ]);
    expect(Object.fromEntries(rows)).toEqual(manifest.default_permissions);
    expect(manifest.default_permissions).not.toHaveProperty("administration");
    expect(manifest.default_permissions).not.toHaveProperty("workflows");
    // Fix and test branches are created through the Git Data API, which needs contents: write.
    expect(manifest.default_permissions.contents).toBe("write");
  });
});
