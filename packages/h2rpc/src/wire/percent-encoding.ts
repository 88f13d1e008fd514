const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }); // keep a leading U+FEFF: it is message text
const hex = "0123456789ABCDEF";

/** True when `text` can go on the wire unchanged (printable ASCII without `%`). */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x25) return false;
  }
  return true;
}

/** Percent-encodes a status message for `grpc-message`: UTF-8 bytes outside 0x20–0x7E and `%` become `%XX`. */
export function encodeGrpcMessage(message: string): string {
  if (isPlain(message)) return message;
  let out = "";
  for (const byte of encoder.encode(message)) {
    if (byte >= 0x20 && byte <= 0x7e && byte !== 0x25) out += String.fromCharCode(byte);
    else out += `%${hex[byte >> 4]}${hex[byte & 15]}`;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Decodes a `grpc-message` value. Never throws: a `%` not followed by two hex digits is kept
 * as is, and invalid UTF-8 becomes U+FFFD, as the spec asks of receivers.
 */
export function decodeGrpcMessage(value: string): string {
  if (!value.includes("%")) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x25 && i + 2 < value.length) {
      const hi = hexValue(value.charCodeAt(i + 1));
      const lo = hexValue(value.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    if (c < 0x80) bytes.push(c);
    else for (const b of encoder.encode(value[i] as string)) bytes.push(b);
  }
  return decoder.decode(new Uint8Array(bytes));
}
