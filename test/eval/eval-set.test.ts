import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultEvalSetDir, defectKinds, EvalSetError, loadEvalSet } from "../../src/eval/index.ts";

describe("the labelled evaluation set", () => {
  it("has at least 20 pull requests with defects and 5 clean ones, in at least 3 languages", async () => {
    const cases = await loadEvalSet();
    const withDefects = cases.filter((c) => c.defects.length > 0);
    expect(withDefects.length).toBeGreaterThanOrEqual(20);
    expect(cases.length - withDefects.length).toBeGreaterThanOrEqual(5);
    expect(new Set(withDefects.map((c) => c.language)).size).toBeGreaterThanOrEqual(3);
  });

  it("labels every defect with a known kind on an added line of a file in its diff", async () => {
    // loadEvalSet itself rejects labels off the diff's added lines.
    const cases = await loadEvalSet();
    expect(cases.length).toBeGreaterThan(0);
    for (const evalCase of cases) {
      expect(evalCase.files.length, evalCase.name).toBeGreaterThan(0);
      for (const defect of evalCase.defects)
        expect(Object.keys(defectKinds), evalCase.name).toContain(defect.kind);
    }
  });

  it("rejects a case whose label points at a line that is not added in the diff", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "quorum-eval-"));
    try {
      const source = path.join(defaultEvalSetDir, "ts-cart-total");
      const target = path.join(dir, "broken");
      await mkdir(target);
      await writeFile(path.join(target, "pull.diff"), await readFile(path.join(source, "pull.diff")));
      const labels = JSON.parse(await readFile(path.join(source, "labels.json"), "utf8"));
      labels.defects[0].line = 400;
      await writeFile(path.join(target, "labels.json"), JSON.stringify(labels));
      await expect(loadEvalSet(dir)).rejects.toBeInstanceOf(EvalSetError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
