import type { Checkpoint } from './event-store.js';

const width = 20;
const pattern = /^(\d{20}):(\d{20})$/;

/** Builds the sortable checkpoint string from its two parts (e.g. transaction id and global position). */
export const toCheckpoint = (major: bigint | string, minor: bigint | string): Checkpoint =>
  `${String(major).padStart(width, '0')}:${String(minor).padStart(width, '0')}`;

/** Splits a checkpoint into its parts; throws on anything that is not one. */
export const parseCheckpoint = (checkpoint: Checkpoint): { major: bigint; minor: bigint } => {
  const match = pattern.exec(checkpoint);
  if (!match?.[1] || !match[2]) throw new TypeError(`Not a checkpoint: ${JSON.stringify(checkpoint)}`);
  return { major: BigInt(match[1]), minor: BigInt(match[2]) };
};
