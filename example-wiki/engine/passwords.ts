import { hash, verify } from '@node-rs/argon2'

/**
 * Password hashes by @node-rs/argon2: argon2id (its default algorithm) with OWASP's minimum
 * parameters (Password Storage Cheat Sheet: 19 MiB, 2 passes, 1 lane), stored as the PHC
 * string, which carries algorithm, parameters and salt.
 */
const PARAMETERS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export async function hashPassword (password: string): Promise<string> {
  return await hash(password, PARAMETERS)
}

/** False for a wrong password and for anything that is not a hash (never throws). */
export async function passwordMatches (stored: string | null, password: string): Promise<boolean> {
  if (stored === null || stored === '') return false
  try {
    return await verify(stored, password)
  } catch {
    return false
  }
}
