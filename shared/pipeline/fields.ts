import type { FieldName, Message, SheetKind } from "./types";

export interface FieldDefinition {
  label: Message;
  /** Which sheet kinds carry this field. */
  kinds: readonly SheetKind[];
  /**
   * Header texts that name the field, in French, English and Portuguese, written as `fold` leaves them
   * (lower case, no accents, punctuation as spaces). An exact match scores 1; the pipeline also accepts
   * headers that contain one of these as whole words, with a lower confidence.
   */
  headers: readonly string[];
}

const FOLLOW_UP = ["follow-up"] as const;
const INDICATOR = ["indicator-values"] as const;
const BOTH = ["follow-up", "indicator-values"] as const;

export const FIELDS: Record<FieldName, FieldDefinition> = {
  recommendation: {
    label: { fr: "N° de recommandation", en: "Recommendation number" },
    kinds: FOLLOW_UP,
    headers: [
      "n", "no", "nº", "num", "numero", "n reco", "no reco", "num reco", "numero reco", "reco", "ref", "reference",
      "n de la recommandation", "numero de la recommandation", "recommandation n", "recommandation no",
      "recommendation no", "recommendation number", "rec no", "rec", "item", "item no", "number",
      "n recomendacao", "numero da recomendacao", "recomendacao n",
    ],
  },
  recommendationText: {
    label: { fr: "Recommandation", en: "Recommendation" },
    kinds: FOLLOW_UP,
    headers: [
      "recommandation", "recommandations", "libelle", "intitule", "libelle de la recommandation", "texte",
      "recommendation", "recommendations", "recommendation text", "description",
      "recomendacao", "recomendacoes", "diligence", "recommandation diligence",
    ],
  },
  addressee: {
    label: { fr: "Destinataire", en: "Addressee" },
    kinds: FOLLOW_UP,
    headers: [
      "destinataire", "destinataires", "adressee a", "structure", "structure responsable", "entite responsable",
      "addressee", "addressees", "addressed to", "responsible body", "destinatario", "destinatarios",
    ],
  },
  status: {
    label: { fr: "Statut", en: "Status" },
    kinds: FOLLOW_UP,
    headers: [
      "statut", "etat", "niveau de mise en oeuvre", "etat de mise en oeuvre", "etat d avancement", "statut de mise en oeuvre",
      "situation", "status", "implementation status", "state of implementation", "estado", "estado de implementacao",
      "situacao", "nivel de implementacao",
    ],
  },
  progress: {
    label: { fr: "Taux de réalisation", en: "Progress" },
    kinds: FOLLOW_UP,
    headers: [
      "taux de realisation", "taux d execution", "taux de mise en oeuvre", "taux d avancement", "taux", "avancement",
      "pourcentage", "realisation", "progress", "progress rate", "completion", "completion rate", "percent complete",
      "taxa de execucao", "taxa de realizacao", "progresso", "percentagem",
    ],
  },
  actions: {
    label: { fr: "Actions menées", en: "Actions taken" },
    kinds: FOLLOW_UP,
    headers: [
      "actions menees", "actions realisees", "actions", "activites menees", "activites realisees", "mesures prises",
      "actions taken", "action taken", "activities", "measures taken", "accoes realizadas", "accoes", "medidas tomadas",
    ],
  },
  due: {
    label: { fr: "Échéance", en: "Due date" },
    kinds: FOLLOW_UP,
    headers: [
      "echeance", "echeances", "delai", "date limite", "date butoir", "date d echeance", "calendrier",
      "deadline", "due date", "due", "timeline", "timeframe", "prazo", "data limite",
    ],
  },
  evidence: {
    label: { fr: "Preuve", en: "Evidence" },
    kinds: FOLLOW_UP,
    headers: [
      "preuve", "preuves", "preuve lien", "justificatif", "justificatifs", "piece justificative", "pieces justificatives",
      "moyens de verification", "source de verification", "evidence", "proof", "means of verification", "evidence link",
      "evidencia", "evidencias", "comprovativo", "meios de verificacao",
    ],
  },
  comment: {
    label: { fr: "Commentaire", en: "Comment" },
    kinds: BOTH,
    headers: [
      "observation", "observations", "commentaire", "commentaires", "remarque", "remarques", "note", "notes",
      "comment", "comments", "remark", "remarks", "observacao", "observacoes", "comentario", "comentarios",
    ],
  },
  updatedOn: {
    label: { fr: "Date de mise à jour", en: "Date of update" },
    kinds: FOLLOW_UP,
    headers: [
      "date de mise a jour", "mise a jour", "date maj", "maj", "derniere mise a jour", "date",
      "last updated", "date of update", "update date", "updated", "updated on", "last update",
      "data de atualizacao", "atualizacao", "ultima atualizacao",
    ],
  },
  administration: {
    label: { fr: "Administration", en: "Administration" },
    kinds: BOTH,
    headers: [
      "pays", "administration", "administrations", "etat membre", "membre", "administration des douanes",
      "country", "countries", "member", "member administration", "customs administration",
      "pais", "administracao", "administracao aduaneira", "estado membro",
    ],
  },
  indicatorCode: {
    label: { fr: "Code indicateur", en: "Indicator code" },
    kinds: INDICATOR,
    headers: [
      "code indicateur", "code de l indicateur", "code", "code kpi", "indicator code", "kpi code", "code indicator",
      "codigo", "codigo do indicador", "codigo indicador",
    ],
  },
  indicatorName: {
    label: { fr: "Indicateur", en: "Indicator" },
    kinds: INDICATOR,
    headers: [
      "indicateur", "indicateurs", "libelle indicateur", "libelle de l indicateur", "nom de l indicateur",
      "indicator", "indicators", "indicator name", "kpi", "kpis", "key performance indicator", "indicador", "indicadores",
    ],
  },
  unit: {
    label: { fr: "Unité", en: "Unit" },
    kinds: INDICATOR,
    headers: ["unite", "unites", "unite de mesure", "unit", "units", "unit of measure", "unidade", "unidade de medida"],
  },
  period: {
    label: { fr: "Période", en: "Period" },
    kinds: INDICATOR,
    headers: ["periode", "periodes", "period", "periods", "periodo", "annee", "year", "ano", "mois", "month", "mes", "trimestre", "quarter"],
  },
  value: {
    label: { fr: "Valeur", en: "Value" },
    kinds: INDICATOR,
    headers: ["valeur", "valeurs", "valeur realisee", "resultat", "realise", "value", "values", "actual", "result", "valor", "resultado"],
  },
  target: {
    label: { fr: "Cible", en: "Target" },
    kinds: INDICATOR,
    headers: [
      "cible", "cibles", "objectif", "objectifs", "cible annuelle", "objectif annuel", "valeur cible",
      "target", "targets", "annual target", "target value", "meta", "meta anual", "alvo",
    ],
  },
  source: {
    label: { fr: "Source", en: "Source" },
    kinds: INDICATOR,
    headers: ["source", "sources", "source des donnees", "data source", "fonte", "fonte dos dados"],
  },
};

export const FIELD_NAMES = Object.keys(FIELDS) as FieldName[];
