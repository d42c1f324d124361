/**
 * Attributes of this project's own namespace that the LangChain integration sets (documented in
 * the README): what the GenAI conventions have no released name for. Written in semconv.ts.
 */
export {
  ATTR_GENAI_TELEMETRY_AGENT_PAUSED as ATTR_AGENT_PAUSED,
  ATTR_GENAI_TELEMETRY_CANCELLATION_REASON as ATTR_CANCELLATION_REASON,
  ATTR_GENAI_TELEMETRY_LINK_REASON as ATTR_LINK_REASON,
} from '../semconv.js';
