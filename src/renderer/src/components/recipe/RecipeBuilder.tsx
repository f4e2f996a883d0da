/** The recipe builder: palette, chain, parameter forms, YAML, live preview. */
export function RecipeBuilder(): React.JSX.Element {
  return <section aria-label="Recipe builder" />
}
