#!/usr/bin/env node
// The installed package runs the built CLI with plain node. A checkout of the repository
// (cli/*.ts present; the sources are not shipped) runs the sources through tsx, a dev
// dependency, so its tests never run a stale build.
import { existsSync } from 'node:fs'

const source = new URL('../cli/index.ts', import.meta.url)
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api')
  register()
  await import(source.href)
} else {
  await import('../dist/cli/index.js')
}
