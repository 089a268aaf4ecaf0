import type { HostHookBus, ParserContext, ParserFunction, ParserOutput, ParserVariable, PageRef } from '../../hooks/contract.js'
import { expandWikitext, pauseFor } from './template-expander.js'
import { ParseBudget, parserLimits, type ParserLimits } from './parser-limits.js'
import { escapeHtml, linkTargets, renderWikitextAsync } from './wikitext-renderer.js'
import { NS_TEMPLATE, prefixedText, tryParseTitle, type Title } from './titles.js'

export interface ParseResult {
  html: string
  links: Title[]
  templates: Title[]
  output: ParserOutput
  /** Tracking categories of the parser limits this parse exceeded (Parser::limitationWarn). */
  trackingCategories: string[]
}

/** What the parser reads from the wiki: templates and which titles exist. */
export interface ParserSources {
  templateText: (title: Title) => Promise<string | null>
  existing: (titles: Title[]) => Promise<Set<string>>
}

export function emptyParserOutput (): ParserOutput {
  return { extensionData: new Map(), pageProps: new Map(), languageLinks: [], warnings: [] }
}

const titleKey = (t: Title): string => `${t.namespace}:${t.dbKey}`

/** Parser functions every wiki has (ParserFunctions' #if, #ifeq). */
const BUILTIN_FUNCTIONS: Record<string, ParserFunction> = {
  if: (_c, [test = '', then = '', otherwise = '']) => test.trim() !== '' ? then : otherwise,
  ifeq: (_c, [a = '', b = '', then = '', otherwise = '']) => a.trim() === b.trim() ? then : otherwise,
  lc: (_c, [text = '']) => text.toLowerCase(),
  uc: (_c, [text = '']) => text.toUpperCase()
}

/**
 * One parser instance per wiki. On its first parse it fires ParserFirstCallInit so plugins
 * register their parser functions; each parse fires ContentAlterParserOutput before its output
 * is used.
 */
export class WikiParser {
  private readonly functions = new Map<string, ParserFunction>(Object.entries(BUILTIN_FUNCTIONS))
  /** Functions written without `#` (`{{SHORTDESC:…}}`), by lower-case name. */
  private readonly noHashFunctions = new Map<string, ParserFunction>()
  /** Magic variables (`{{wbreponame}}`), by lower-case name. */
  private readonly variables = new Map<string, ParserVariable>()
  /** Behaviour switches (`__EXPECTED_UNCONNECTED_PAGE__`): upper-case word → page prop id. */
  private readonly doubleUnderscores = new Map<string, string>()
  private initialised: Promise<void> | null = null

  readonly limits: ParserLimits

  constructor (private readonly hooks: HostHookBus, private readonly sources: ParserSources, limits: Partial<ParserLimits> = {}) {
    this.limits = parserLimits(limits)
  }

  private async init (): Promise<void> {
    // callHook returns undefined when every handler is synchronous: wrap it so init runs once.
    this.initialised ??= Promise.resolve(this.hooks.callHook('ParserFirstCallInit', {
      setFunctionHook: (name, fn, flags) => {
        const key = name.replace(/^#/, '').toLowerCase()
        if (flags?.noHash === true) this.noHashFunctions.set(key, fn)
        else this.functions.set(key, fn)
      },
      setVariable: (name, value) => { this.variables.set(name.toLowerCase(), value) },
      setDoubleUnderscore: (id, word) => { this.doubleUnderscores.set(word.toUpperCase(), id) }
    })).then(() => {})
    await this.initialised
  }

  async functionNames (): Promise<string[]> {
    await this.init()
    return [...this.functions.keys()].sort()
  }

  /** `userLanguage`: the language of the user the page is rendered for (default: the content language). */
  async parse (page: PageRef, contentLanguage: string, text: string, userLanguage: string = contentLanguage): Promise<ParseResult> {
    await this.init()
    const output = emptyParserOutput()
    const context: ParserContext = { page, contentLanguage, output, userLanguage }
    const templates: Title[] = []
    const budget = new ParseBudget(this.limits)
    const expanded = await expandWikitext(text, {
      parserFunction: (name, hash) => {
        const fn = (hash ? this.functions : this.noHashFunctions).get(name)
        return fn === undefined ? undefined : async args => await fn(context, args)
      },
      loadTemplate: async name => {
        const title = tryParseTitle(name, NS_TEMPLATE)
        if (title === null) return null
        templates.push(title)
        return await this.sources.templateText(title)
      },
      magicWord: name => {
        if (name === 'PAGENAME') return page.title.replaceAll('_', ' ')
        if (name === 'FULLPAGENAME') return prefixedText({ namespace: page.namespace, dbKey: page.title })
        if (name === 'CONTENTLANGUAGE') return contentLanguage
        if (name === 'USERLANGUAGE') {
          // The rendering now depends on the reader's language (MediaWiki's {{int:lang}} does this).
          output.usedOptions ??= new Set()
          output.usedOptions.add('userlang')
          return userLanguage
        }
        return this.variables.get(name.toLowerCase())?.(context)
      },
      warn: message => { output.warnings.push(message) }
    }, { budget })
    for (const warning of budget.warnings) if (!output.warnings.includes(warning)) output.warnings.push(warning)
    const switched = this.applyDoubleUnderscores(expanded, output)
    await this.hooks.callHook('ContentAlterParserOutput', context)
    const links = linkTargets(switched)
    const existing = await this.sources.existing(links)
    const trackingCategories = budget.categories()
    const html = await renderWikitextAsync({ text: switched, exists: title => existing.has(titleKey(title)) }, pauseFor(budget)) +
      categoryLinks(trackingCategories)
    return { html, links, templates, output, trackingCategories }
  }

  /**
   * Parser::handleDoubleUnderscore for the registered switches: each `__WORD__` (any case) is
   * removed and its page prop set to `''`.
   */
  private applyDoubleUnderscores (text: string, output: ParserOutput): string {
    if (this.doubleUnderscores.size === 0 || !text.includes('__')) return text
    return text.replace(/__([A-Za-z_]{1,64}?)__/g, (whole, word: string) => {
      const id = this.doubleUnderscores.get(word.toUpperCase())
      if (id === undefined) return whole
      output.pageProps.set(id, '')
      return ''
    })
  }
}

/** The category box under the page (MediaWiki's catlinks; the engine has no category pages, so plain text). */
function categoryLinks (categories: readonly string[]): string {
  if (categories.length === 0) return ''
  const items = categories.map(name => `<li>${escapeHtml(name)}</li>`).join('')
  return `\n<div id="catlinks" class="catlinks"><div class="mw-normal-catlinks">Categories: <ul>${items}</ul></div></div>`
}
