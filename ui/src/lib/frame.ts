import type { PickedFile } from './backend';

/** The body of `review_files`: each file as name length, name, data length,
 *  data (lengths as 4-byte big-endian numbers); see src-tauri/review.rs. */
export function frame(files: PickedFile[]): Uint8Array {
  const names = files.map((f) => new TextEncoder().encode(f.name));
  const size = files.reduce((n, f, i) => n + 8 + names[i].length + f.bytes.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  files.forEach((f, i) => {
    view.setUint32(at, names[i].length);
    out.set(names[i], at + 4);
    at += 4 + names[i].length;
    view.setUint32(at, f.bytes.length);
    out.set(f.bytes, at + 4);
    at += 4 + f.bytes.length;
  });
  return out;
}
