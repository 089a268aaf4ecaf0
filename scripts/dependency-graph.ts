// The project's import graph as dependency-cruiser sees it with the project's rules
// (.dependency-cruiser.cjs): one place for the diagram generator and the boundary tests to get it.
import { resolve } from 'node:path'
import { cruise, type ICruiseResult } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'

export const repositoryRoot = resolve(import.meta.dirname, '..')

/**
 * Cruises `paths` (relative to `baseDir`) with the project's rules and tsconfig. `baseDir` is the
 * repository root for the real tree, or a fixture tree that mirrors its layout, so that module paths
 * read `plugin/changes/…` either way and the rules' path patterns apply unchanged.
 */
export async function cruiseWithProjectRules (baseDir: string, paths: string[]): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(resolve(repositoryRoot, '.dependency-cruiser.cjs'))
  const tsConfigFile = resolve(repositoryRoot, 'tsconfig.json')
  const cwd = process.cwd()
  // dependency-cruiser resolves module names and reports paths relative to the working directory.
  process.chdir(baseDir)
  try {
    const { output } = await cruise(paths, {
      ...options,
      validate: true,
      baseDir,
      tsConfig: { fileName: tsConfigFile },
      outputType: 'json'
    }, undefined, { tsConfig: extractTSConfig(tsConfigFile) })
    return JSON.parse(output as string) as ICruiseResult
  } finally {
    process.chdir(cwd)
  }
}

/** `rule: from → to` for every rule violation, sorted, for reports and assertions. */
export function violationsOf (result: ICruiseResult): string[] {
  return (result.summary.violations ?? [])
    .map(v => `${v.rule.name}: ${v.from} → ${v.to}`)
    .sort()
}
