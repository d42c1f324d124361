/**
 * Attributes of this project's own namespace that the LangChain integration sets (documented in
 * the README): what the GenAI conventions have no released name for.
 */
/** Why a run ended without LangChain's end callback: `consumer_stopped`, `aborted`, `idle`, `shutdown`. */
export const ATTR_CANCELLATION_REASON = 'genai_telemetry.cancellation.reason';
