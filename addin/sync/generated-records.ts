import type { SyncFollowUp } from "../../shared/sync/protocol";

const STATUSES = ["not-started", "in-progress", "implemented", "not-applicable"] as const;

/**
 * The region's follow-up number `i`, as a pull returns it: generated for the pull-sheet tests and the Excel
 * benchmark, with the texts that matter (formula-like text, French accents, recurring deadlines).
 */
export function generatedFollowUp(i: number, version = 1, comment?: string): SyncFollowUp {
  return {
    key: { recommendationId: `PC11-R${String(i).padStart(5, "0")}`, actorId: i % 2 ? "CI" : "SN" },
    fields: {
      status: STATUSES[i % 4]!,
      progress: (i * 7) % 101,
      actions: i % 5 === 0 ? "=SOMME(A1:A3) ; -note ; +33 ; @equipe" : `Atelier de renforcement des capacités n° ${i}, rapport transmis`,
      due: i % 3 === 0 ? { type: "annual", month: 11, day: "end" } : { type: "date", date: "2024-06-30" },
      evidence: null,
      comment: comment ?? (i % 7 === 0 ? "-5" : null),
      updatedOn: "2024-04-30",
    },
    version,
    review: { state: i % 4 === 2 ? "pending" : "none", comment: null, reviewedAt: null, reviewedBy: null },
    receivedAt: "2024-05-01T08:00:00Z",
    updatedAt: "2024-05-01T08:00:00Z",
    updatedBy: "Côte d'Ivoire",
  };
}
