/** FNV-1a hashing, used for snapshot checksums and pod-template hashes. */

/** 32-bit FNV-1a of a string's UTF-16 code units, as 8 hex digits. */
export function fnv1a32(s: string): string {
  return fnv1a32Number(s).toString(16).padStart(8, '0');
}

/** 32-bit FNV-1a of a string's UTF-8 bytes, as an unsigned number. */
export function fnv1a32Number(s: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(s);
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
