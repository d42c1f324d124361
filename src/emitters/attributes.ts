/**
 * Former home of the per-kind attribute code, now in the conventions table and single-purpose
 * modules beside this file. Kept as re-exports while other modules still import from here.
 */
export { errorType } from '../error-type.js';
export { operationName, spanKind, spanName } from '../conventions/index.js';
export { contentAttributes, type ContentAttributes } from './content-attributes.js';
export { MAX_METRIC_ATTRIBUTE_LENGTH, metricAttributes } from './metric-attributes.js';
export { requestAttributes } from './request-attributes.js';
export { responseAttributes } from './response-attributes.js';
