// What a project is, apart from the rules that change it (so hooks can name it).

export interface Tag {
  key: string;
  value: string;
}

export interface ProjectDoc {
  id: string;
  name: string;
  orgId: string;
  created: string;
  /** Only when the creator chose one: Atlas's answers carry none otherwise. */
  regionUsageRestrictions?: string;
  tags: Tag[];
  withDefaultAlertsSettings: boolean;
}
