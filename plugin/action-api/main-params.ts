import type { ParamSpec, ParamSpecs } from './param-validator.js'
import { ERROR_FORMATS } from './api-warnings.js'

/**
 * ApiMain's parameters (ApiMain.php, ApiFormatJson.php), the same on every wiki whatever its
 * roles; each module declares its own (module-params.ts of the repo, the client's modules).
 */
const bool: ParamSpec = { type: 'boolean' }
const int: ParamSpec = { type: 'integer' }
const str: ParamSpec = {}

/** ApiMain's own parameters and the JSON printer's (ApiFormatJson: callback, utf8, ascii, formatversion). */
export const MAIN_PARAMS: ParamSpecs = {
  action: { required: true },
  format: { type: ['json', 'jsonfm'] },
  maxlag: int,
  smaxage: int,
  maxage: int,
  assert: { type: ['anon', 'bot', 'user'] },
  assertuser: str,
  requestid: str,
  servedby: bool,
  curtimestamp: bool,
  responselanginfo: bool,
  origin: str,
  crossorigin: bool,
  uselang: str,
  variant: str,
  errorformat: { type: ERROR_FORMATS },
  errorlang: str,
  errorsuselocal: bool,
  callback: str,
  utf8: bool,
  ascii: bool,
  formatversion: { type: ['1', '2', 'latest'] }
}
