import { useCallback, useEffect, useRef, useState } from 'react'
import { asApiError } from '../../app/errors'

/** Runs an async action from a button: `busy` while it runs, its failure's message kept to show. */
export function useAction(): { run: (action: () => Promise<unknown>) => void; busy: boolean; error: string | null } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])
  const run = useCallback((action: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    action().then(
      () => {
        if (mounted.current) setBusy(false)
      },
      (err: unknown) => {
        if (!mounted.current) return
        setBusy(false)
        setError(asApiError(err).message)
      }
    )
  }, [])
  return { run, busy, error }
}
