// ESPRUINO-SAFE: the firmware imports this file. Keep to the Espruino subset and to ASCII.
// SHA-256 (FIPS 180-4) over a binary string (one byte per character), in 32-bit integer arithmetic.

const K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
];
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** Appends 0x80, zeros and the 64-bit big-endian bit length, to a multiple of 64 bytes. */
function pad(message: string): string {
  const zeros = (119 - (message.length % 64)) % 64;
  const bits = message.length * 8;
  let tail = String.fromCharCode(0x80);
  for (let i = 0; i < zeros; i++) tail += String.fromCharCode(0);
  tail += String.fromCharCode(0, 0, 0, Math.floor(bits / 0x100000000) & 0xff);
  tail += String.fromCharCode((bits >>> 24) & 0xff, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff);
  return message + tail;
}

function compress(h: number[], w: Int32Array, block: string, at: number): void {
  for (let i = 0; i < 16; i++) {
    const j = at + i * 4;
    w[i] =
      (block.charCodeAt(j) << 24) |
      (block.charCodeAt(j + 1) << 16) |
      (block.charCodeAt(j + 2) << 8) |
      block.charCodeAt(j + 3);
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15] as number;
    const b = w[i - 2] as number;
    const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
    const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
    w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
  }
  const v = h.slice();
  for (let i = 0; i < 64; i++) {
    const e = v[4] as number;
    const a = v[0] as number;
    const ch = (e & (v[5] as number)) ^ (~e & (v[6] as number));
    const t1 =
      ((v[7] as number) +
        (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
        ch +
        (K[i] as number) +
        (w[i] as number)) |
      0;
    const maj = (a & (v[1] as number)) ^ (a & (v[2] as number)) ^ ((v[1] as number) & (v[2] as number));
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + maj) | 0;
    v.pop();
    v.unshift((t1 + t2) | 0);
    v[4] = ((v[4] as number) + t1) | 0;
  }
  for (let i = 0; i < 8; i++) h[i] = ((h[i] as number) + (v[i] as number)) | 0;
}

/** The 32-byte digest as a binary string. */
export function sha256(message: string): string {
  const padded = pad(message);
  const h = H0.slice();
  const w = new Int32Array(64);
  for (let at = 0; at < padded.length; at += 64) compress(h, w, padded, at);
  let out = "";
  for (let i = 0; i < 8; i++) {
    const x = h[i] as number;
    out += String.fromCharCode((x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff);
  }
  return out;
}

export function toHex(bytes: string): string {
  let hex = "";
  for (let i = 0; i < bytes.length; i++) hex += (bytes.charCodeAt(i) + 256).toString(16).substring(1);
  return hex;
}
