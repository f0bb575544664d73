/**
 * The bytes a text takes in UTF-8, as TextEncoder writes it (a lone surrogate becomes U+FFFD, 3 bytes),
 * counted without encoding: no copy of a text that may be megabytes long.
 */
export function utf8ByteLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // NaN past the end: a high surrogate there is alone
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
