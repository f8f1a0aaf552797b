import {
  severities,
  type AgentReport,
  type Clearance,
  type Finding,
  type ReviewChunk,
} from "../domain/index.ts";
import type { AddedLine } from "./read-added-lines.ts";
import { readAddedLines } from "./read-added-lines.ts";
import { createRandom, type Random } from "./create-random.ts";
import { clearancePhrasings, defectKinds, describeKind, fillPhrasing } from "./defect-kinds.ts";
import type { EvalCase } from "./eval-case.ts";

/**
 * A simulated reviewer. "honest": finds each true defect with probability `detectRate`, invents
 * false findings at `falseRate` per added line, falls for a case's decoy (a place that looks wrong
 * to every model alike) with `decoyRate`, and, when it misses a defect, wrongly judges that place
 * correct with `missClearRate`. "random": the bad agent — `findingsPerChunk` findings and
 * `clearancesPerChunk` "looks correct" judgements on random added lines, with random kinds,
 * severities and confidences.
 */
export type ScriptedAgentProfile =
  | {
      readonly kind: "honest";
      readonly detectRate: number;
      readonly falseRate: number;
      readonly decoyRate: number;
      readonly missClearRate: number;
      /** Vote weight. Default: 1. */
      readonly weight?: number | undefined;
    }
  | {
      readonly kind: "random";
      readonly findingsPerChunk: number;
      readonly clearancesPerChunk: number;
      /** Vote weight. Default: 1. */
      readonly weight?: number | undefined;
    };

export interface ScriptedAgentInput {
  readonly reviewer: string;
  readonly profile: ScriptedAgentProfile;
  readonly evalCase: EvalCase;
  readonly chunk: ReviewChunk;
  readonly seed: number;
}

/** A place that looks suspicious to every agent alike; what correlated false positives come from. */
export interface Decoy extends AddedLine {
  readonly kind: string;
  readonly subject: string;
}

const zeroUsage = { promptTokens: 0, reusedPromptTokens: 0, generatedTokens: 0, durationMs: 0 };
const keywords = new Set(
  (
    "const let var function return async await export import from class new this true false null " +
    "undefined def self None True False pass raise try except with open func package type struct " +
    "range make defer nil err string int bool for if else while elif"
  ).split(" "),
);

/** One scripted agent's report on one chunk of a case: same inputs, same report. */
export function runScriptedAgent(input: ScriptedAgentInput): AgentReport {
  const { profile, evalCase, chunk, reviewer, seed } = input;
  const random = createRandom("agent", seed, reviewer, evalCase.name, chunk.id);
  const paths = new Set(chunk.files.map((file) => file.path));
  const added = readAddedLines(chunk.files);
  const findings: Finding[] = [];
  const clearances: Clearance[] = [];

  if (profile.kind === "random") {
    for (let i = 0; i < profile.findingsPerChunk && added.length > 0; i += 1) {
      const place = random.pick(added);
      const kind = describeKind(random.pick(Object.keys(defectKinds)));
      findings.push({
        path: place.path,
        line: place.line,
        severity: random.pick(severities),
        category: kind.category,
        message: fillPhrasing(random.pick(kind.phrasings), pickSubject(place.text, random)),
        confidence: Math.round(random.next() * 10) / 10,
      });
    }
    for (let i = 0; i < profile.clearancesPerChunk && added.length > 0; i += 1) {
      const place = random.pick(added);
      clearances.push(clear(place.path, place.line, pickSubject(place.text, random), random));
    }
  } else {
    for (const defect of evalCase.defects) {
      if (!paths.has(defect.file)) continue;
      const kind = describeKind(defect.kind);
      if (random.chance(profile.detectRate)) {
        const jitter = random.chance(0.7) ? 0 : random.pick([-1, 1]);
        findings.push({
          path: defect.file,
          line: Math.max(1, defect.line + jitter),
          severity: random.chance(0.2) ? lowerSeverity(kind.severity) : kind.severity,
          category: kind.category,
          message: fillPhrasing(random.pick(kind.phrasings), defect.subject),
          confidence: random.pick([0.6, 0.7, 0.8, 0.9, 1]),
        });
      } else if (random.chance(profile.missClearRate)) {
        clearances.push(clear(defect.file, defect.line, defect.subject, random));
      }
    }
    for (const decoy of pickDecoys(evalCase, seed)) {
      if (!paths.has(decoy.path) || !random.chance(profile.decoyRate)) continue;
      const kind = describeKind(decoy.kind);
      findings.push({
        path: decoy.path,
        line: decoy.line,
        severity: kind.severity,
        category: kind.category,
        message: fillPhrasing(random.pick(kind.phrasings), decoy.subject),
        confidence: random.pick([0.5, 0.6, 0.7, 0.8, 0.9]),
      });
    }
    for (const place of added) {
      if (!random.chance(profile.falseRate)) continue;
      const kind = describeKind(random.pick(Object.keys(defectKinds)));
      findings.push({
        path: place.path,
        line: place.line,
        severity: random.chance(0.5) ? "minor" : kind.severity,
        category: kind.category,
        message: fillPhrasing(random.pick(kind.phrasings), pickSubject(place.text, random)),
        confidence: random.pick([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
      });
    }
  }

  return {
    status: "ok",
    agent: { reviewer, model: `scripted-${profile.kind}`, weight: profile.weight ?? 1 },
    chunkId: chunk.id,
    findings,
    clearances,
    usage: zeroUsage,
  };
}

/**
 * The case's decoy for a seed: one added line at least three lines from every labelled defect,
 * with a defect kind it could be mistaken for. Shared by all agents of the seed, which is what
 * makes their mistakes agree. Clean cases have one too.
 */
export function pickDecoys(evalCase: EvalCase, seed: number): Decoy[] {
  const random = createRandom("decoy", seed, evalCase.name);
  const candidates = readAddedLines(evalCase.files).filter(
    (place) =>
      place.text.trim().length > 3 &&
      evalCase.defects.every(
        (defect) => defect.file !== place.path || Math.abs(defect.line - place.line) > 2,
      ),
  );
  if (candidates.length === 0) return [];
  const place = random.pick(candidates);
  return [
    { ...place, kind: random.pick(Object.keys(defectKinds)), subject: pickSubject(place.text, random) },
  ];
}

function clear(path: string, line: number, subject: string, random: Random): Clearance {
  return { path, line, reason: fillPhrasing(random.pick(clearancePhrasings), subject) };
}

/** An identifier on the line, as a reviewer would name it; "this value" when there is none. */
function pickSubject(text: string, random: Random): string {
  const words = (text.match(/[A-Za-z_][A-Za-z0-9_]{2,}/g) ?? []).filter((word) => !keywords.has(word));
  return words.length === 0 ? "this value" : random.pick(words);
}

function lowerSeverity(severity: (typeof severities)[number]): (typeof severities)[number] {
  return severities[Math.max(0, severities.indexOf(severity) - 1)] ?? severity;
}
