/** Pages each wiki gets on its first start (wikitext; titles as written). */
export interface SeedPage { title: string, text: string, comment?: string }

const INFOBOX = `<noinclude>A small place box. Parameters: item (an item id), name.</noinclude>
----
'''{{{name|{{PAGENAME}}}}}''' · country: {{#property:P17|from={{{item}}}}} · item: {{{item}}}
----`

export const REPO_PAGES: SeedPage[] = [
  {
    title: 'Main Page',
    text: `'''repowiki''' is the repository of this example farm: it holds items and properties (real Wikidata entities, CC0).

== Try propagation ==
# Open [[Item:Q183]] (Germany) and change its English label.
# Open the page [[Special:GoToLinkedPage/enwiki/Q64|Berlin on enwiki]]: it shows the new label, and enwiki's recent changes list the repo change.

== Some items ==
* [[Item:Q64]] Berlin
* [[Item:Q84]] London
* [[Item:Q183]] Germany
* [[Item:Q145]] United Kingdom
* [[Item:Q142]] France
* [[Item:Q42]] Douglas Adams
* [[Special:AllItems|All items]]

== Data access without Lua ==
[[Data access]] reads items with the <code>#wikibase</code> parser function (Lua's <code>mw.wikibase</code>), in the reader's language.`
  },
  {
    title: 'Data access',
    text: `Entity data through the parser function <code>#wikibase</code> (<code>#wikibase:getLabel</code> with an item id,
and the other functions of Lua's <code>mw.wikibase</code>).
This wiki reads terms in the reader's language: add <code>?uselang=de</code> to the address.

* Label of Q64: '''{{#wikibase:getLabel|Q64}}''' (in {{#wikibase:getLabelLanguage|Q64}})
* Description of Q64: {{#wikibase:getDescription|Q64}}
* German label of Q183: {{#wikibase:getLabelByLang|Q183|de}}
* Q64 on enwiki: {{#wikibase:getSitelink|Q64|enwiki}}; badges on dewiki: {{#wikibase:getBadges|Q64|dewiki}}
* Country of Q64 (P17): {{#wikibase:renderSnaks|Q64|P17}}
* Is Q64 in Q183 along P17? {{#wikibase:getReferencedEntityId|Q64|P17|Q183}}
* Q64 exists: {{#wikibase:entityExists|Q64}}; "Q0" is a valid id: {{#if:{{#wikibase:isValidEntityId|Q0}}|yes|no}}
* Repo page of Q64: {{#wikibase:getEntityUrl|Q64}}
* This wiki: {{#wikibase:getGlobalSiteId}}
* You read in {{USERLANGUAGE}}{{#ifeq:{{USERLANGUAGE}}|de|; Germany on dewiki: {{#wikibase:getSitelink|Q183|dewiki}}}}`
  }
]

export const CLIENT_PAGES: Record<string, SeedPage[]> = {
  enwiki: [
    {
      title: 'Main Page',
      text: `Welcome to '''enwiki''', a client wiki of the example farm. Its pages use data from the repo through parser functions.

== Pages ==
* [[Berlin]] — connected to Q64; uses {{#if:x|<code>#property</code>}} of its own item
* [[London]] — connected to Q84
* [[Capitals]] — uses data of several items (arbitrary access)
* [[Template:Infobox place]]

See [[Special:RecentChanges]] (repo changes included), [[Special:EntityUsage]] and [[Special:Log]].`
    },
    { title: 'Template:Infobox place', text: INFOBOX },
    {
      title: 'Berlin',
      text: `{{Infobox place|item=Q64}}
'''Berlin''' is the capital and largest city of [[Germany]]. According to the repo it lies in '''{{#property:P17}}'''.

== Geography ==
Berlin lies in the north-east of the country, on the banks of the ''Spree''.

== See also ==
* [[London]]
* [[Capitals]]`
    },
    {
      title: 'London',
      text: `{{Infobox place|item=Q84}}
'''London''' is the capital of {{#property:P17}}.

== See also ==
* [[Berlin]]`
    },
    {
      title: 'Capitals',
      text: `Some capitals and their countries, read from the repo:
* [[Berlin]]: {{#property:P17|from=Q64}}
* [[London]]: {{#property:P17|from=Q84}}
* Paris: {{#property:P17|from=Q90}} (Q90 is not in the repo)

The country of Germany's capital has the label '''{{#property:P17|from=Q64}}'''.`
    },
    { title: 'Germany', text: '\'\'\'Germany\'\'\' — its capital is [[Berlin]], which lies in {{#property:P17|from=Q64}}.' }
  ],
  dewiki: [
    {
      title: 'Main Page',
      text: `Willkommen im '''dewiki''', einem Client-Wiki der Beispielfarm.

* [[Berlin]] (mit Q64 verbunden)
* [[London]] (mit Q84 verbunden)`
    },
    { title: 'Template:Infobox place', text: INFOBOX },
    {
      title: 'Berlin',
      text: `{{Infobox place|item=Q64}}
'''Berlin''' ist die Hauptstadt von '''{{#property:P17}}'''.

== Siehe auch ==
* [[London]]`
    },
    { title: 'London', text: '\'\'\'London\'\'\' ist die Hauptstadt von {{#property:P17}}.' }
  ],
  // A wiki outside the farm's database (its own process; the repo only over HTTP): its pages
  // use items they are not linked to (arbitrary access), so an edit reaches it only by its
  // subscriptions. test/remote/ edits these items and reads these pages.
  remotewiki: [
    {
      title: 'Main Page',
      text: `Welcome to '''remotewiki''', a client wiki run apart from the farm: its own process and database, the repo reached over HTTP only.

* [[Berlin]] — uses Q64 (its country, P17) and Q183's label
* [[London label]] — uses the English label of Q84`
    },
    { title: 'Template:Infobox place', text: INFOBOX },
    {
      title: 'Berlin',
      text: `{{Infobox place|item=Q64}}
'''Berlin''' lies in '''{{#property:P17|from=Q64}}''' (the repo calls that country {{#wikibase:getLabel|Q183}}).`
    },
    { title: 'London label', text: 'The repo calls Q84 \'\'\'{{#wikibase:getLabel|Q84}}\'\'\'.' }
  ]
}
