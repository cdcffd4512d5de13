/** The valuation stage's public face: the walk and its result types. */
export { valueMovements } from './walk';
export { METHODS, type CostingMethod } from './methods';
export * from './types';
