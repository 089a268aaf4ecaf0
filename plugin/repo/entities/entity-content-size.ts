import { phpJsonEncode, PhpJsonEncodeError } from '../../changes/php-json.js'
import type { WikibaseEntity } from '../../changes/wikibase-entity.js'

/** Page and revision data the API puts around an entity; not part of a revision's content. */
const AROUND_CONTENT = new Set(['pageid', 'ns', 'title', 'lastrevid', 'modified'])

/**
 * The size in bytes of an entity revision's content, as MediaWiki records it in `rev_len`,
 * `page_len` and `rc_old_len` / `rc_new_len`: the length of the blob Wikibase stores, which is
 * `json_encode()` (no flags) of the entity's serialization (EntityContentDataCodec::encodeEntity,
 * lib/includes/Store/EntityContentDataCodec.php) — so `/` counts as `\/` and a character outside
 * ASCII as its `\uXXXX` escape(s), and the page and revision data around the entity
 * (`lastrevid`, `modified`, …) not at all. Content PHP could not encode (a lone surrogate, which
 * the request layer refuses anyway) is measured as UTF-8 JSON instead of failing the edit.
 */
export function entityContentSize (entity: WikibaseEntity): number {
  const content = Object.fromEntries(Object.entries(entity).filter(([key]) => !AROUND_CONTENT.has(key)))
  try {
    return phpJsonEncode(content).length // ASCII only: characters are bytes
  } catch (error) {
    if (!(error instanceof PhpJsonEncodeError)) throw error
    return Buffer.byteLength(JSON.stringify(content), 'utf8')
  }
}
