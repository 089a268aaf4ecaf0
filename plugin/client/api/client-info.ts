import type { MetaModule } from '../../action-api/api-module-set.js'
import { getLinkPath, getPath, PATH_FILE, PATH_PLACEHOLDER } from '../../sites/site-paths.js'

/**
 * `meta=wikibase` (Wikibase's client/includes/Api/ApiClientInfo.php, prefix `wb`): with
 * `wbprop=url` (default `url|siteid`) the repo's `base`, `scriptpath` and `articlepath`
 * (Wikibase's repoUrl, repoScriptPath, repoArticlePath settings), with `siteid` this wiki's
 * site id. Here the repo's URLs come from its row in the sites table (its page path and
 * file path), the one place a client knows where its repo lives.
 */
export interface RepoUrlInfo { base: string, scriptpath: string, articlepath: string }

const ORIGIN = /^((?:https?:)?\/\/[^/?#]+)(.*)$/i

/**
 * The repo's URL parts from its page path (`https://repo.example/wiki/$1`) and file path
 * (`https://repo.example/w/$1`): base `https://repo.example`, articlepath `/wiki/$1`,
 * scriptpath `/w`. A missing or unparsable path gives empty parts.
 */
export function repoUrlInfo (pagePath: string | null, filePath: string | null): RepoUrlInfo {
  const page = pagePath === null ? null : ORIGIN.exec(pagePath)
  const file = filePath === null ? null : ORIGIN.exec(filePath)
  const base = page?.[1] ?? file?.[1] ?? ''
  const articlepath = page?.[2] ?? ''
  const script = file?.[2] ?? ''
  const suffix = `/${PATH_PLACEHOLDER}`
  return { base, scriptpath: script.endsWith(suffix) ? script.slice(0, -suffix.length) : script, articlepath }
}

const CLIENT_INFO_PROPS = ['url', 'siteid'] as const

export const CLIENT_INFO_MODULE: MetaModule = {
  params: { wbprop: { type: CLIENT_INFO_PROPS, multi: true } },
  run: async call => {
    const props = call.params.has('wbprop') ? call.params.list('wbprop') : [...CLIENT_INFO_PROPS]
    const data: Record<string, unknown> = {}
    const client = call.deps.client
    for (const prop of props) {
      if (prop === 'url') {
        const site = client === null || client === undefined ? null : await client.sites.getSite(client.repoSiteId)
        data.repo = { url: site === null ? repoUrlInfo(null, null) : repoUrlInfo(getLinkPath(site), getPath(site, PATH_FILE)) }
      } else if (prop === 'siteid') data.siteid = call.deps.siteId
    }
    return { wikibase: data }
  }
}
