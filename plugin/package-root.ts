import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The package's root folder (where package.json and migrations/ are), found by walking up
 * from this file: the same answer from the sources (`plugin/`) and from the built package
 * (`dist/plugin/`), so SQL files and the version resolve in both.
 */
function findPackageRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'fastify-wikibase') return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`fastify-wikibase: no package.json of fastify-wikibase above ${fileURLToPath(import.meta.url)}`)
    dir = parent
  }
}

export const PACKAGE_ROOT: string = findPackageRoot()

/** This package's version, read once from its package.json. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version
