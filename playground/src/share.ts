// Share links: the design travels in the URL's fragment, deflated and base64url-encoded, so no server ever sees it.

/** The fragment key of a shared design: `#design=<deflate-raw, base64url>`. */
export const shareKey = 'design';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const output = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

/** The fragment that carries `text` exactly (every character, line endings included). */
export async function encodeDesign(text: string): Promise<string> {
  return `${shareKey}=${toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')))}`;
}

/** The design a fragment carries, or undefined when it carries none or cannot be read. */
export async function decodeDesign(fragment: string): Promise<string | undefined> {
  const value = new URLSearchParams(fragment.replace(/^#/, '')).get(shareKey);
  if (!value) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromBase64Url(value), new DecompressionStream('deflate-raw')));
  } catch {
    return undefined;
  }
}
