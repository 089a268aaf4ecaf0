import type { PageServiceFailure } from '../../../hooks/contract.js'
import { ApiError } from '../../action-api/api-errors.js'

/** MediaWiki's texts of the errors a host's page service answers (includes/api/i18n/en.json). */
const INFO: Readonly<Record<PageServiceFailure['error'], string>> = {
  missingtitle: 'The page you specified doesn\'t exist.',
  invalidtitle: 'Bad title.',
  nosuchpageid: 'There is no page with that ID.',
  articleexists: 'The page you tried to create has been created already.',
  editconflict: 'Edit conflict.',
  protectedpage: 'This page has been protected to prevent editing or other actions.',
  permissiondenied: 'You don\'t have permission to edit this page.'
}

/** A failure of `parsePage` / `editPage` as the action API error of its code. */
export function hostPageError (failure: PageServiceFailure): ApiError {
  return new ApiError(failure.error, failure.info ?? INFO[failure.error])
}

export function isPageServiceFailure (answer: object): answer is PageServiceFailure {
  return 'error' in answer
}
