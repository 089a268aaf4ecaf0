/**
 * PHP's URL encodings, which MediaWiki's page URLs depend on byte for byte.
 * Input is encoded as UTF-8, as PHP does with the bytes of a UTF-8 string.
 */

/** PHP `rawurlencode` (RFC 3986): everything but `A–Z a–z 0–9 - _ . ~` is %-encoded. */
export function rawUrlEncode (text: string): string {
  // encodeURIComponent also leaves ! ' ( ) * alone; PHP encodes them.
  return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** PHP `urlencode`: like rawurlencode, but a space becomes `+` and `~` is encoded. */
export function phpUrlEncode (text: string): string {
  return rawUrlEncode(text).replace(/%20/g, '+').replace(/~/g, '%7E')
}

/** Characters MediaWiki's `wfUrlencode` turns back from their %-escapes: ; @ $ ! * ( ) , / ~ : */
const WF_UNESCAPED: Readonly<Record<string, string>> = {
  '%3B': ';', '%40': '@', '%24': '$', '%21': '!', '%2A': '*', '%28': '(', '%29': ')',
  '%2C': ',', '%2F': '/', '%7E': '~', '%3A': ':'
}

/** MediaWiki `wfUrlencode`: PHP urlencode, then the characters above unescaped. */
export function wfUrlencode (text: string): string {
  return phpUrlEncode(text).replace(/%(3B|40|24|21|2A|28|29|2C|2F|7E|3A)/g, escape => WF_UNESCAPED[escape] ?? escape)
}

/** PHP `trim` with its default character list: space, \t, \n, \r, \0, \x0B. */
export function phpTrim (text: string): string {
  return text.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, '')
}
