import type { Actor } from "./actor";
import type { Indicator } from "./indicator";
import type { Meeting } from "./meeting";
import type { Recommendation } from "./recommendation";

/** Everything the pipeline checks sheets against. Loaded from shared/reference/*.json or from the API. */
export interface ReferenceData {
  actors: Actor[];
  meetings: Meeting[];
  recommendations: Recommendation[];
  indicators: Indicator[];
}
