/** What is being dragged onto the chain: an operator from the palette (its name), or a chain item (its id). */
export const OPERATOR_DRAG = 'application/x-sieve-operator'
export const CHAIN_ITEM_DRAG = 'application/x-sieve-chain-item'
