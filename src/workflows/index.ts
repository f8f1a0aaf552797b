export * from "./fix/index.ts";
export * from "./tests/index.ts";
