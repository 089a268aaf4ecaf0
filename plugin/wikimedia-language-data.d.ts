// The package ships no types; these are the functions the plugin uses.
declare module '@wikimedia/language-data' {
  const languageData: {
    isKnown: (code: string) => boolean
    isRedirect: (code: string) => string | false
    getAutonym: (code: string) => string
    /** Every known code (own keys) → its data. */
    getLanguages: () => Record<string, unknown>
  }
  export default languageData
}
