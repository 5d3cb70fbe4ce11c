// Payloads over LIMITS.inlineText (saved response bodies, run results, variable values) are split into
// immutable chunk documents `users/{uid}/chunks/{blobId}_{index}`; the entity holds a
// BlobRef. Chunks are written before the entity that references them, never updated, and
// purged together with their owner.
import { z } from "zod";
import { LIMITS } from "./limits.js";

export const BlobRefSchema = z.object({
  id: z.string().min(1).max(LIMITS.id),
  chunks: z.number().int().min(1).max(LIMITS.chunksPerBlob),
  chars: z.number().int().min(0),
}).meta({ title: "BlobRef" });
export type BlobRef = z.infer<typeof BlobRefSchema>;

/** The kinds whose entities may hold a BlobRef. */
export const BLOB_OWNER_KINDS = ["responses", "runs", "environmentVariables", "globals"] as const;
export type BlobOwnerKind = (typeof BLOB_OWNER_KINDS)[number];

export const ChunkSchema = z.object({
  blobId: z.string().min(1).max(LIMITS.id),
  ownerKind: z.enum(BLOB_OWNER_KINDS),
  ownerId: z.string().min(1).max(LIMITS.id),
  index: z.number().int().min(0).max(LIMITS.chunksPerBlob - 1),
  count: z.number().int().min(1).max(LIMITS.chunksPerBlob),
  data: z.string().max(LIMITS.chunkChars),
});
export type Chunk = z.infer<typeof ChunkSchema>;

export function chunkId(blobId: string, index: number): string {
  return `${blobId}_${index}`;
}

/** Splits text into chunk-sized pieces (at least one, so an empty blob still exists). */
export function splitIntoChunks(text: string): string[] {
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += LIMITS.chunkChars) parts.push(text.slice(at, at + LIMITS.chunkChars));
  return parts.length ? parts : [""];
}

/** The text of a blob from its chunks, in any order (splitIntoChunks undone). */
export function joinChunks(chunks: readonly { index: number; data: string }[]): string {
  return [...chunks].sort((a, b) => a.index - b.index).map((c) => c.data).join("");
}
