export * from "./accounts.js";
export * from "./blobs.js";
export * from "./callables.js";
export * from "./entities.js";
export * from "./kinds.js";
export * from "./limits.js";
export * from "./metadata.js";
export * from "./postman.js";
