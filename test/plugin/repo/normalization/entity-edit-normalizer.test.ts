import t from 'tap'
import type { WikibaseEntity } from '../../../../plugin/changes/wikibase-entity.js'
import { normalizeEntityEdit, normalizeSiteLinkTitle, type NormalizationDeps } from '../../../../plugin/repo/normalization/entity-edit-normalizer.js'
import type { SitePageInfoLookup } from '../../../../plugin/repo/normalization/site-page-info-lookup.js'
import { newSite } from '../../../../plugin/sites/site.js'
import type { SiteGlobalId } from '../../../../hooks/ids.js'

const mediawiki = newSite({ globalId: 'enwiki' as SiteGlobalId, type: 'mediawiki', data: { paths: { file_path: 'https://en.example.org/w/$1' } } })
/** A MediaWiki site without a file path: there is no api.php to ask. */
const noApi = newSite({ globalId: 'noapi' as SiteGlobalId, type: 'mediawiki' })
const generic = newSite({ globalId: 'generic' as SiteGlobalId, type: 'unknown' })
const asked: string[] = []
const pageInfo: SitePageInfoLookup = async (_site, titles) => {
  asked.push(...titles)
  // `Gone` is missing, `Silent` unanswered (a failed request leaves titles out), `Dangling` redirects to a missing page.
  return new Map(titles.filter(title => title !== 'Silent').map(title => [title,
    title === 'Old name'
      ? { exists: true, redirectTarget: 'New name' }
      : title === 'Dangling' ? { exists: false, redirectTarget: 'Nowhere' } : { exists: title !== 'Gone', redirectTarget: null }]))
}
const deps: NormalizationDeps = {
  propertyDatatypes: async ids => new Map(ids.map(id => [id, id === 'P2' ? 'commonsMedia' : 'string'])),
  siteOf: async id => id === 'enwiki' ? mediawiki : id === 'generic' ? generic : null,
  pageInfo,
  redirectBadgeItems: ['Q70']
}

t.test('sitelink titles: trimmed, NFC, MediaWiki title rules, redirects unless a redirect badge', async t => {
  const cases: Array<[string, typeof mediawiki | null, string, string[], string]> = [
    ['underscores, first letter', mediawiki, 'berlin_(city)', [], 'Berlin (city)'],
    ['trimmed and NFC', mediawiki, ' a\u0301b\t', [], '\u00c1b'],
    ['a redirect is followed', mediawiki, 'old_name', [], 'New name'],
    ['a redirect badge keeps the redirect', mediawiki, 'old_name', ['Q70'], 'Old name'],
    ['another badge does not', mediawiki, 'Old name', ['Q71'], 'New name'],
    ['a generic site takes the name as it is', generic, 'old_name', [], 'old_name'],
    ['an unknown site: trimmed only', null, ' x_y ', [], 'x_y'],
    ['a site without api.php: local rules only', noApi, 'gone', [], 'Gone'],
    ['a redirect badge on a page that is no redirect', mediawiki, 'plain', ['Q70'], 'Plain'],
    ['a redirect badge links a redirect whose target is missing', mediawiki, 'dangling', ['Q70'], 'Dangling']
  ]
  for (const [name, site, title, badges, expected] of cases) t.equal(await normalizeSiteLinkTitle(site, title, badges, deps), expected, name)
  t.equal(await normalizeSiteLinkTitle(mediawiki, 'old_name', [], { redirectBadgeItems: [] }), 'Old name', 'no lookup: local rules only')
  // Wikibase refuses what MediaWikiPageNameNormalizer cannot confirm: missing, unanswered, a redirect to nothing.
  for (const [title, badges] of [['gone', []], ['silent', []], ['dangling', []], ['gone', ['Q70']], ['silent', ['Q70']]] as Array<[string, string[]]>) {
    const upper = title.charAt(0).toUpperCase() + title.slice(1)
    await t.rejects(normalizeSiteLinkTitle(mediawiki, title, badges, deps),
      { name: 'NoExternalPageError', siteId: 'enwiki', title: upper, path: 'sitelinks/enwiki/title' }, `${title} ${badges.join(',')}: no-external-page`)
  }
})

t.test('only what the edit adds or changes is normalized; the rest stays byte for byte', async t => {
  const stored = {
    type: 'item',
    id: 'Q1',
    labels: { en: { language: 'en', value: 'old\u00a0' } },
    descriptions: {},
    aliases: { en: [{ language: 'en', value: 'x_y ' }] },
    claims: { P2: [{ id: 'Q1$1', type: 'statement', rank: 'normal', mainsnak: { snaktype: 'value', property: 'P2', hash: 'h', datavalue: { type: 'string', value: 'a_b.jpg' } } }] },
    sitelinks: { enwiki: { site: 'enwiki', title: 'lower_case', badges: [] } }
  } as unknown as WikibaseEntity
  const edit = structuredClone(stored) as any
  edit.labels.de = { language: 'de', value: ' neu ' }
  edit.aliases.en.push({ language: 'en', value: ' z ' }, { language: 'en', value: 'z' })
  edit.claims.P2.push({ id: 'Q1$2', type: 'statement', rank: 'normal', mainsnak: { snaktype: 'value', property: 'P2', datavalue: { type: 'string', value: 'c_d.jpg' } },
    references: [{ hash: 'r', snaks: { P1: [{ snaktype: 'value', property: 'P1', hash: 's', datavalue: { type: 'string', value: 'e\u0301' } }] } }] })
  edit.sitelinks.generic = { site: 'generic', title: 'As_is', badges: [] }
  asked.length = 0
  const result = await normalizeEntityEdit(stored, edit, deps) as any
  t.same(result.labels, { en: { language: 'en', value: 'old\u00a0' }, de: { language: 'de', value: 'neu' } })
  t.same(result.aliases.en, [{ language: 'en', value: 'x_y ' }, { language: 'en', value: 'z' }])
  t.same(result.claims.P2[0], (stored as any).claims.P2[0], 'the stored statement is untouched')
  t.same(result.claims.P2[1].mainsnak.datavalue.value, 'C d.jpg')
  t.same(result.claims.P2[1].references, [{ snaks: { P1: [{ snaktype: 'value', property: 'P1', datavalue: { type: 'string', value: '\u00e9' } }] } }], 'stale hashes dropped')
  t.same(result.sitelinks, { enwiki: { site: 'enwiki', title: 'lower_case', badges: [] }, generic: { site: 'generic', title: 'As_is', badges: [] } })
  t.same(asked, [], 'an unchanged sitelink is not asked about')
  const rebadged = structuredClone(stored) as any
  rebadged.sitelinks.enwiki.badges = ['Q9']
  t.equal((await normalizeEntityEdit(stored, rebadged, deps) as any).sitelinks.enwiki.title, 'Lower case', 'new badges: the title is normalized again')
  t.same(await normalizeEntityEdit(null, { type: 'item', labels: 'not a map' } as any, deps), { type: 'item', labels: 'not a map' }, 'a bad shape is left for validation')
})
