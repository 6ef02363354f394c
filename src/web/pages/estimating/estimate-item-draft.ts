import type { EngineSpec, EstimateItemInput } from '../../../shared/estimating';
import { num, toCents, type Blank } from './money';

/** An item being priced, as typed: numbers may be blank, money is in dollars. */
export type EstimateItemDraft = {
  description: string;
  flatSize: { width: Blank; height: Blank; unit: 'in' | 'mm' };
  flatsPerCopy: Blank;
  inks: { front: Blank; back: Blank; spots: string[] };
  paper: {
    source: 'catalogue' | 'typed';
    materialId: string | null;
    /** The chosen material's label, kept so the picker shows it whatever the search. */
    materialLabel: string;
    name: string;
    width: Blank;
    height: Blank;
    costPerThousand: Blank;
  };
  operationIds: string[];
  outside: { description: string; cost: Blank }[];
  postagePerPiece: Blank;
  /** Five slots; blanks are left out. */
  quantities: Blank[];
};

export const emptyEstimateItem = (): EstimateItemDraft => ({
  description: '',
  flatSize: { width: '', height: '', unit: 'in' },
  flatsPerCopy: 1,
  inks: { front: 4, back: 0, spots: [] },
  paper: {
    source: 'catalogue',
    materialId: null,
    materialLabel: '',
    name: '',
    width: '',
    height: '',
    costPerThousand: '',
  },
  operationIds: [],
  outside: [],
  postagePerPiece: '',
  quantities: ['', '', '', '', ''],
});

/** The item as POST /estimates takes it; blank required numbers go as missing so the server names them. */
export function toEstimateItem(d: EstimateItemDraft): EstimateItemInput {
  const paper =
    d.paper.source === 'catalogue'
      ? { materialId: d.paper.materialId ?? '' }
      : {
          name: d.paper.name,
          width: num(d.paper.width),
          height: num(d.paper.height),
          costPerThousandCents: toCents(d.paper.costPerThousand),
        };
  return {
    description: d.description.trim() || null,
    flatSize: { width: num(d.flatSize.width), height: num(d.flatSize.height), unit: d.flatSize.unit },
    flatsPerCopy: num(d.flatsPerCopy),
    inks: { front: num(d.inks.front) ?? 0, back: num(d.inks.back) ?? 0, spots: d.inks.spots },
    paper,
    operationIds: d.operationIds,
    outside: d.outside.map((o) => ({ description: o.description, costCents: toCents(o.cost) })),
    postageCentsPerPiece: toCents(d.postagePerPiece) ?? 0,
    quantities: d.quantities.filter((q) => q !== '').map(Number),
  } as EstimateItemInput;
}

/** A portal product's engine specs: an estimate item without description, postage and quantities. */
export function toEngineSpec(d: EstimateItemDraft): EngineSpec {
  const { description: _d, postageCentsPerPiece: _p, quantities: _q, ...spec } = toEstimateItem(d);
  return spec as EngineSpec;
}

/** The item editor's draft of a product's engine specs (the server keeps the paper typed, as priced). */
export function draftOfEngineSpec(spec: EngineSpec): EstimateItemDraft {
  const empty = emptyEstimateItem();
  const paper = spec.paper;
  return {
    ...empty,
    flatSize: { ...spec.flatSize },
    flatsPerCopy: spec.flatsPerCopy ?? 1,
    inks: { front: spec.inks.front, back: spec.inks.back, spots: spec.inks.spots ?? [] },
    paper:
      'materialId' in paper
        ? { ...empty.paper, materialId: paper.materialId }
        : {
            ...empty.paper,
            source: 'typed',
            name: paper.name,
            width: paper.width,
            height: paper.height,
            costPerThousand: paper.costPerThousandCents / 100,
          },
    operationIds: spec.operationIds ?? [],
    outside: (spec.outside ?? []).map((o) => ({ description: o.description, cost: o.costCents / 100 })),
  };
}
