/** A local page id (`page.page_id` of the host wiki). */
export type PageId = number & { readonly __brand: 'PageId' }

export function parsePageId (raw: unknown): PageId {
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < 1) {
    throw new Error(`not a valid page id: ${JSON.stringify(raw)} (a positive integer)`)
  }
  return raw as PageId
}
