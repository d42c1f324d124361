/**
 * Attributes of this project's own namespace that the LangChain integration sets (documented in
 * the README): what the GenAI conventions have no released name for.
 */
/** Why a run ended without LangChain's end callback: `consumer_stopped`, `aborted`, `idle`, `shutdown`. */
export const ATTR_CANCELLATION_REASON = 'genai_telemetry.cancellation.reason';
/** Attribute (true) and event on a run that ended paused by a LangGraph `interrupt()`. */
export const ATTR_AGENT_PAUSED = 'genai_telemetry.agent.paused';
/** On a span link: why the span links to another (`resume`: it continues a paused run). */
export const ATTR_LINK_REASON = 'genai_telemetry.link.reason';
