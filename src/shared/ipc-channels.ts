/** The two Electron IPC channels: every request goes through one, every event through the other. */
export const CALL_CHANNEL = 'sieve:call'
export const EVENT_CHANNEL = 'sieve:event'
