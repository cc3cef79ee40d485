/** The flag-rule engine's public API. */
export * from './types';
export * from './thresholds';
export * from './snapshots';
export { RULES, ruleCatalogue, type RuleMeta, type RuleScope } from './catalogue';
export * from './evaluate';
export { PROPOSAL_LABEL } from './support';
export * from './placementRules';
export * from './offSiteRules';
export * from './unregisteredRules';
export * from './unregisteredPlacementRules';
export * from './exclusionRules';
export * from './reintegrationRules';
export * from './fairAccessRules';
export * from './movementRules';
