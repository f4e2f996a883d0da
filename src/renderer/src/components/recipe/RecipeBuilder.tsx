import { useEffect } from 'react'
import { ensureRecipe } from '../../features/recipe/recipe-actions'
import { loadOps } from '../../features/recipe/ops-actions'
import { RecipeToolbar } from './RecipeToolbar'
import { Palette } from './Palette'
import { EditorPane } from './EditorPane'
import { Preview } from './Preview'
import './recipe.css'

/** The recipe builder: palette, chain, parameter forms, YAML, live preview. */
export function RecipeBuilder(): React.JSX.Element {
  useEffect(() => {
    void loadOps()
    void ensureRecipe()
  }, [])

  return (
    <section className="recipe" aria-label="Recipe builder">
      <RecipeToolbar />
      <div className="recipe-columns">
        <Palette />
        <EditorPane />
        <Preview />
      </div>
    </section>
  )
}
