import type { HostUser, UserRight } from '../../hooks/contract.js'

/**
 * The explicit rights of the test and bench hosts: every user holds every right, except that
 * only bot accounts hold `bot` (so a bot flag on a human's edit stays ignored). Tests that are
 * about rights use hosts of their own.
 */
export async function testUserCan (user: HostUser, right: UserRight): Promise<boolean> {
  return right === 'bot' ? user.bot : true
}
