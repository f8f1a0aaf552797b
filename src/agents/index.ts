export * from "./review/index.ts";
export { stripHiddenText, stripHiddenTextFromPatch } from "./strip-hidden-text.ts";
