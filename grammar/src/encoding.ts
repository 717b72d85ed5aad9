// Bytes to text for .stamp files: strict UTF-8 (an invalid byte is reported, never replaced), and the layout a file keeps.

/** A file whose bytes are valid UTF-8, or the first byte that is not. */
export type DecodedText =
  | { ok: true; text: string }
  | { ok: false; byteOffset: number; byte: number; message: string };

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 strictly; a BOM stays in the text as U+FEFF so that writing the text back keeps it. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { ok: true, text: strictDecoder.decode(bytes) };
  } catch {
    const byteOffset = firstInvalidUtf8Byte(bytes);
    const byte = bytes[byteOffset] ?? 0;
    return { ok: false, byteOffset, byte, message: notUtf8Message(byteOffset, byte) };
  }
}

/** `byte 1234 (0xE9) is not valid UTF-8` with a hint for the usual cause. */
export function notUtf8Message(byteOffset: number, byte: number): string {
  // Stryker disable next-line StringLiteral: a byte that is not UTF-8 is at least 0x80, always two hex digits: nothing is padded
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  return `Byte ${byteOffset} (0x${hex}) is not valid UTF-8; .stamp files are UTF-8 (a Latin-1 or Windows-1252 character such as é is the usual cause). Save the file as UTF-8.`;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 sequence (the length when there is none). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let at = 0;
  // Stryker disable next-line EqualityOperator: one step further, bytes[at] is undefined, which no test below accepts, so `at` (the length) is returned as here
  while (at < bytes.length) {
    const first = bytes[at];
    if (first < 0x80) {
      at++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (first >= 0xc2 && first <= 0xdf) length = 2;
    else if (first >= 0xe0 && first <= 0xef) {
      length = 3;
      if (first === 0xe0) low = 0xa0; // overlong
      if (first === 0xed) high = 0x9f; // surrogates
    } else if (first >= 0xf0 && first <= 0xf4) {
      length = 4;
      if (first === 0xf0) low = 0x90; // overlong
      if (first === 0xf4) high = 0x8f; // above U+10FFFF
    } else return at;
    for (let index = 1; index < length; index++) {
      const next = bytes[at + index];
      if (next === undefined) return at;
      const min = index === 1 ? low : 0x80;
      const max = index === 1 ? high : 0xbf;
      if (next < min || next > max) return at;
    }
    at += length;
  }
  return at;
}

/** The UTF-16 offset in the decoded text of the valid bytes before a byte offset (for placing a diagnostic). */
export function textOffsetOfByte(bytes: Uint8Array, byteOffset: number): number {
  return strictDecoder.decode(bytes.subarray(0, byteOffset)).length;
}

/** How a file writes its line breaks and whether it starts with a byte-order mark. */
export interface TextLayout {
  bom: boolean;
  lineBreak: '\n' | '\r\n' | '\r';
}

/** The BOM and the most common line break of a text (LF when it has none). */
export function textLayout(text: string): TextLayout {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  // Stryker disable next-line EqualityOperator: one step further, charCodeAt gives NaN, which counts as no line break
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === 13) {
      if (text.charCodeAt(at + 1) === 10) {
        crlf++;
        at++;
      } else cr++;
    } else if (code === 10) lf++;
  }
  // CRLF wins its ties with CR; LF wins every tie. When CRLF does not win, CR has more than CRLF whenever it has more than LF.
  const lineBreak = crlf > lf && crlf >= cr ? '\r\n' : cr > lf ? '\r' : '\n';
  return { bom: text.charCodeAt(0) === 0xfeff, lineBreak };
}

/** The text without its BOM and with every line break as `\n`. */
export function normalizeLayout(text: string): string {
  // Stryker disable next-line ConditionalExpression,MethodExpression: a BOM left in would not be written: the lexer skips U+FEFF as white space, and the layout puts the BOM back
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.replace(/\r\n?/g, '\n');
}

/** Puts back a layout on a text written with `\n` line breaks and no BOM. */
export function applyLayout(text: string, layout: TextLayout): string {
  const broken = text.replace(/\n/g, layout.lineBreak);
  return layout.bom ? `\ufeff${broken}` : broken;
}
